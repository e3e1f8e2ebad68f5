// Unit-test setup: a real in-memory IndexedDB for Dexie, reset between tests by
// each suite that opens a database (see lib/db/testing.ts).
import 'fake-indexeddb/auto';
