import { KefuDatabase } from './database';

let counter = 0;

/** A fresh, uniquely named database on fake-indexeddb for one test. */
export function freshDb(): KefuDatabase {
  counter += 1;
  return new KefuDatabase(`kefu-test-${counter}-${Math.random().toString(36).slice(2)}`);
}
