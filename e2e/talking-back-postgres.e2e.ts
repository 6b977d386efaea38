// The journey of talking-back.e2e.ts on an archive served from PostgreSQL.
process.env.QUIRE_E2E_DIALECT = 'postgres';
await import('./talking-back.e2e.js');
