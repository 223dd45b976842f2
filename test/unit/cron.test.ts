import { parseCron } from '../../src/cron';

/** The cron matcher behind ATTACK_SYNC_CRON (pure, in local time). */
describe('cron expressions', () => {
  const at = (text: string) => new Date(text);
  const next = (expression: string, after: string) => {
    const d = parseCron(expression).next(at(after));
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };

  test('fields, lists, ranges and steps', () => {
    expect(next('* * * * *', '2026-03-01T10:15:30')).toBe('2026-03-01T10:16');
    expect(next('0 3 * * *', '2026-03-01T03:00:00')).toBe('2026-03-02T03:00');
    expect(next('*/20 * * * *', '2026-03-01T10:41:00')).toBe('2026-03-01T11:00');
    expect(next('5,35 8-9 * * *', '2026-03-01T09:36:00')).toBe('2026-03-02T08:05');
    expect(next('0 8-18/5 * * *', '2026-03-01T13:01:00')).toBe('2026-03-01T18:00');
    expect(next('0 0 1 */3 *', '2026-02-10T00:00:00')).toBe('2026-04-01T00:00');
  });

  test('day of week, Sunday as 0 or 7, and either day field matching when both are set', () => {
    expect(next('0 3 * * 1', '2026-03-01T12:00:00')).toBe('2026-03-02T03:00'); // 1 March 2026 is a Sunday
    expect(next('0 3 * * 7', '2026-03-02T12:00:00')).toBe('2026-03-08T03:00');
    expect(next('0 0 15 * 1', '2026-03-03T00:00:00')).toBe('2026-03-09T00:00');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00')).toBe('2028-02-29T00:00');
  });

  test('macros', () => {
    expect(next('@daily', '2026-03-01T10:00:00')).toBe('2026-03-02T00:00');
    expect(next('@weekly', '2026-03-01T10:00:00')).toBe('2026-03-08T00:00');
    expect(parseCron('@hourly').matches(at('2026-03-01T10:00:00'))).toBe(true);
  });

  test('bad expressions say what is wrong', () => {
    expect(() => parseCron('* * * *')).toThrow(/expected 5 fields/);
    expect(() => parseCron('61 * * * *')).toThrow(/minute "61" is outside 0-59/);
    expect(() => parseCron('* * * * mon')).toThrow(/day of week "mon" is not a number/);
    expect(() => parseCron('0 0 31 2 *').next(at('2026-01-01T00:00:00'))).toThrow(/never matches/);
  });
});
