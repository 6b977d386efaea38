// The journey of following.e2e.ts on an archive served from PostgreSQL.
process.env.QUIRE_E2E_DIALECT = 'postgres';
await import('./following.e2e.js');
