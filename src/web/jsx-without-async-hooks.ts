import { createContext, useContext } from 'hono/jsx';

let settled = false;

/**
 * Makes hono/jsx render with its synchronous context store instead of an AsyncLocalStorage.
 *
 * Why: at its first render hono/jsx looks for node's AsyncLocalStorage (through
 * `process.getBuiltinModule`) and runs every render inside it. On Node 20 a storage that has run
 * once switches on async hooks for the whole process, for good: from then on every promise, timer,
 * tick and socket write of every request, cached or not, passes through the storage's hooks (a
 * tenth of a cached page's cost in profiles). The storage only carries `useContext` values across
 * an `await` inside an async component; Quire has neither contexts nor async components, and
 * without the storage hono/jsx keeps context values for the synchronous part of a render, which
 * is all a page uses. jsx-without-async-hooks.test.ts checks that rendering leaves the hooks off.
 *
 * How: hono/jsx looks once and remembers the answer, so it is made to look now, while the lookup
 * finds no async_hooks module; the lookup is restored at once. Must run before the first render;
 * later calls do nothing. If a future hono/jsx looks some other way, pages still render, as before.
 */
export function renderJsxWithoutAsyncHooks(): void {
  if (settled) return;
  settled = true;
  const proc = process as unknown as { getBuiltinModule?: (id: string) => object | undefined };
  const lookup = proc.getBuiltinModule;
  if (typeof lookup !== 'function') return;
  proc.getBuiltinModule = (id: string) =>
    id === 'node:async_hooks' || id === 'async_hooks' ? undefined : lookup.call(process, id);
  try {
    // Reading any context makes hono/jsx look for its storage, once.
    useContext(createContext(undefined));
  } finally {
    proc.getBuiltinModule = lookup;
  }
}
