import { eachDialect } from '../../test/db.js';
import { leakScenario } from '../../test/leak-walk.js';

// What the walk covers: test/leak-walk.ts. The filter index's half is leak-index.http.test.ts, a
// file of its own so that the two run side by side.
eachDialect(
  'leak test: no viewer sees what they excluded or may not see, on any surface (SQL listings)',
  async ({ db }) => {
    await leakScenario(db, false);
  },
);
