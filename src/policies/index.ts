export * from './viewer.js';
export * from './work.policy.js';
export * from './account.policy.js';
export * from './tag.policy.js';
export * from './series.policy.js';
export * from './page-cache.policy.js';
export * from './creatorship.policy.js';
export * from './counts.policy.js';
