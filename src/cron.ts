import { InputError } from './errors';

/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) in the server's local
 * time: `*`, lists `1,15`, ranges `1-5`, steps `*\/10` and `8-18/2`, day-of-week 0-7 (0 and 7 are
 * Sunday), and @hourly, @daily, @weekly, @monthly, @yearly. As in cron, when both day fields are
 * restricted a day matching either one matches.
 */
export interface CronSchedule {
  expression: string;
  matches(date: Date): boolean;
  /** The first matching minute strictly after `after`. */
  next(after: Date): Date;
}

const MACROS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
];

function parseField(text: string, { name, min, max }: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`${name} "${part}" is not a number, range, list or step`);
    const [, all, from, to, step] = match;
    const start = all === '*' ? min : Number(from);
    const end = all === '*' ? max : to !== undefined ? Number(to) : step !== undefined ? max : start;
    const by = step !== undefined ? Number(step) : 1;
    if (start < min || end > max || start > end || by < 1) throw new Error(`${name} "${part}" is outside ${min}-${max}`);
    for (let v = start; v <= end; v += by) values.add(v);
  }
  return values;
}

export function parseCron(expression: string): CronSchedule {
  const text = MACROS[expression.trim().toLowerCase()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new InputError(`cron "${expression}": expected 5 fields (minute hour day-of-month month day-of-week)`);
  let sets: Set<number>[];
  try {
    sets = parts.map((p, i) => parseField(p, FIELDS[i]));
  } catch (error) {
    throw new InputError(`cron "${expression}": ${(error as Error).message}`);
  }
  const [minutes, hours, days, months, weekdays] = sets;
  if (weekdays.has(7)) weekdays.add(0);
  const anyDay = parts[2] === '*';
  const anyWeekday = parts[4] === '*';
  const dayMatches = (d: Date) => {
    const dom = days.has(d.getDate());
    const dow = weekdays.has(d.getDay());
    if (anyDay || anyWeekday) return (anyDay || dom) && (anyWeekday || dow);
    return dom || dow;
  };
  const matches = (d: Date) => minutes.has(d.getMinutes()) && hours.has(d.getHours()) && months.has(d.getMonth() + 1) && dayMatches(d);

  return {
    expression,
    matches,
    next(after) {
      const d = new Date(after.getTime());
      d.setSeconds(0, 0);
      d.setMinutes(d.getMinutes() + 1);
      // Skip whole months, days and hours that cannot match; bounded so an impossible date (31 Feb) ends.
      const limit = after.getTime() + 5 * 366 * 24 * 3600 * 1000;
      while (d.getTime() <= limit) {
        if (!months.has(d.getMonth() + 1)) {
          d.setMonth(d.getMonth() + 1, 1);
          d.setHours(0, 0);
        } else if (!dayMatches(d)) {
          d.setDate(d.getDate() + 1);
          d.setHours(0, 0);
        } else if (!hours.has(d.getHours())) {
          d.setHours(d.getHours() + 1, 0);
        } else if (!minutes.has(d.getMinutes())) {
          d.setMinutes(d.getMinutes() + 1);
        } else return d;
      }
      throw new InputError(`cron "${expression}" never matches`);
    },
  };
}
