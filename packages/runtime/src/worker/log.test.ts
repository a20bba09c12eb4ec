import { describe, expect, it } from 'vitest';
import { createNodeLogger } from './log.js';

function capture(level: string) {
  const lines: string[] = [];
  const logger = createNodeLogger(level, { nodeId: 'mod', replica: 0 }, (line) => lines.push(line));
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), lines };
}

describe('createNodeLogger', () => {
  it('writes one pino-shaped JSON record per line with the base fields', () => {
    const { logger, records, lines } = capture('info');
    logger.warn({ edgeId: 'e1' }, 'send failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const [record] = records();
    expect(record).toMatchObject({ level: 40, nodeId: 'mod', replica: 0, edgeId: 'e1', msg: 'send failed' });
    expect(typeof record?.time).toBe('number');
  });

  it('leaves out records below the level and writes nothing when silent', () => {
    const info = capture('info');
    info.logger.debug({}, 'hidden');
    info.logger.info({}, 'shown');
    info.logger.error({}, 'shown too');
    expect(info.records().map((record) => record.level)).toEqual([30, 50]);

    const silent = capture('silent');
    silent.logger.error({}, 'hidden');
    expect(silent.lines).toEqual([]);
  });

  it('counts an unknown level name as info', () => {
    const { logger, records } = capture('loud');
    logger.debug({}, 'hidden');
    logger.info({}, 'shown');
    expect(records().map((record) => record.msg)).toEqual(['shown']);
  });

  it('keeps the message, stack and code of an error', () => {
    const { logger, records } = capture('debug');
    const error = Object.assign(new Error('socket closed'), { code: 'EBADF' });
    logger.error({ err: error }, 'node failed');
    const err = records()[0]?.err as Record<string, unknown>;
    expect(err).toMatchObject({ type: 'Error', message: 'socket closed', code: 'EBADF' });
    expect(String(err.stack)).toContain('socket closed');
  });
});
