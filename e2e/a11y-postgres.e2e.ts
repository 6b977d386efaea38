// The accessibility checks of a11y.e2e.ts on an archive served from PostgreSQL: the same page
// states, so that what a page shows cannot differ between the dialects unseen.
process.env.QUIRE_A11Y_DIALECT = 'postgres';
await import('./a11y.e2e.js');
