// Tag suggestions for the posting form: progressive enhancement over plain text inputs.
// Each input with data-autocomplete="TYPE" gets a <datalist> filled from the API as the writer types
// the last comma-separated tag; the form works the same without this script.
(() => {
  'use strict';
  let timer = 0;
  for (const input of document.querySelectorAll('input[data-autocomplete]')) {
    const list = document.createElement('datalist');
    list.id = `${input.id}-suggestions`;
    input.after(list);
    input.setAttribute('list', list.id);
    input.setAttribute('autocomplete', 'off');
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const parts = input.value.split(/[,，、]/);
        const last = parts.pop().trim();
        if (last.length < 2) return;
        const head = parts.map((p) => p.trim()).filter(Boolean);
        const url = `/api/v1/tags/autocomplete?q=${encodeURIComponent(last)}&type=${encodeURIComponent(input.dataset.autocomplete)}`;
        try {
          const res = await fetch(url, { credentials: 'same-origin' });
          if (!res.ok) return;
          const { tags } = await res.json();
          list.replaceChildren(
            ...tags.map((t) => {
              const option = document.createElement('option');
              option.value = [...head, t.name].join(', ');
              option.label = t.canonical ? `${t.name} (canonical)` : t.name;
              return option;
            }),
          );
        } catch {
          // Suggestions are a convenience; typing goes on without them.
        }
      }, 200);
    });
  }
})();
