import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../testing/memory-storage.js';
import { forgetRun, RUN_STORAGE_KEY, readRememberedRun, rememberRun } from './remembered-run.js';

describe('remembered run', () => {
  it('is undefined until a run is remembered', () => {
    const storage = memoryStorage();

    expect(readRememberedRun(storage)).toBeUndefined();
    expect(rememberRun(storage, 'run-1')).toBeUndefined();
    expect(readRememberedRun(storage)).toBe('run-1');
    expect(storage.values.get(RUN_STORAGE_KEY)).toBe('run-1');
  });

  it('forgets only the run it names', () => {
    const storage = memoryStorage();
    rememberRun(storage, 'run-2');

    forgetRun(storage, 'run-1');
    expect(readRememberedRun(storage)).toBe('run-2');

    forgetRun(storage, 'run-2');
    expect(readRememberedRun(storage)).toBeUndefined();
  });

  it('returns the reason a save failed', () => {
    const full = {
      setItem: () => {
        throw new DOMException('quota exceeded', 'QuotaExceededError');
      },
    };

    expect(rememberRun(full, 'run-1')).toBe('quota exceeded');
  });
});
