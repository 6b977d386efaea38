import { eachDialect } from '../../test/db.js';
import { leakScenario } from '../../test/leak-walk.js';

// The leak test (test/leak-walk.ts) with listings, counts and sidebars answered by the filter index.
eachDialect(
  'leak test: no viewer sees what they excluded or may not see, on any surface (filter index)',
  async ({ db }) => {
    await leakScenario(db, true);
  },
);
