/**
 * What is wrong with a plan file or a command, gathered whole: a manager fixes every mistake of
 * a file in one go instead of one per run, and nothing is stored while any remains.
 */
import { UserError, type Translate } from '../../../src/engine/index.ts';

/** One mistake: where (`events[3] (seminar)`, `line 12, column 5`; empty for the command itself) and what (an i18n key). */
export interface Problem {
  at: string;
  key: string;
  params?: Record<string, unknown>;
}

/** Collects problems under a location prefix; `under` gives a collector for a part of the file. */
export class Problems {
  constructor(
    readonly list: Problem[] = [],
    private readonly prefix = '',
  ) {}

  add(key: string, params: Record<string, unknown> = {}, at = ''): void {
    this.list.push({ at: [this.prefix, at].filter(Boolean).join(' '), key, params });
  }

  under(at: string): Problems {
    return new Problems(this.list, [this.prefix, at].filter(Boolean).join(' '));
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** Thrown when anything is wrong: nothing was written. Still a UserError, so a chat would say its first line. */
export class PlanRefused extends UserError {
  constructor(
    readonly problems: Problem[],
    source = '',
  ) {
    super(source ? 'plan-admin:refusedFile' : 'plan-admin:refused', { count: problems.length, source });
  }
}

/** At most this many problems are spelled out; the rest are counted. */
const SHOWN = 40;

/** The refusal as the command line prints it: a header, then one line per problem. */
export function describeRefusal(e: PlanRefused, t: Translate): string {
  const lines = e.problems.slice(0, SHOWN).map((p) => `  - ${p.at ? `${p.at}: ` : ''}${t(p.key, p.params)}`);
  if (e.problems.length > SHOWN) lines.push(`  ${t('plan-admin:more', { count: e.problems.length - SHOWN })}`);
  return [t(e.key, e.params), ...lines].join('\n');
}

/** Throws the problems gathered, if any. */
export function refuseIfAny(problems: Problems, source = ''): void {
  if (!problems.empty) throw new PlanRefused(problems.list, source);
}
