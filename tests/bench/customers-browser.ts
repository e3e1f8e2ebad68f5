/**
 * `wxt/browser` in the customer benchmark's page (an alias in
 * customers.bench.ts): a plain page has no extension APIs, so the Customer tab
 * gets WXT's in-memory fake, as in the unit tests. Only writes call it (the
 * follow-up reminder reschedule), which answers "nobody listening" and is
 * logged, as when the background is asleep.
 */
export { fakeBrowser as browser } from 'wxt/testing/fake-browser';
