// The journey of history.e2e.ts on an archive served from PostgreSQL.
process.env.QUIRE_E2E_DIALECT = 'postgres';
await import('./history.e2e.js');
