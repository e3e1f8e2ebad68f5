import { describe } from 'vitest';
import { openEmbedded } from './storage';
import { storageContract } from './testing/storage-contract';

describe('storage: embedded PGlite', () => {
  storageContract(() => openEmbedded(undefined));
});
