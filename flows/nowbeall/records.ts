/**
 * NOW-BE-ALL's collections, each read through its indexes (nothing reads every proposal to find
 * a few): calls; proposals by call, theme, status, author and supports; supports and reports by
 * proposal and person; the moderation log by proposal and call; moderators; theme groups and
 * their members, contributions, elaborated versions and stances; followers by proposal and
 * person (who is told of a change).
 */
import type { Collection, Store } from '../../src/engine/index.ts';
export { every } from '../../src/engine/index.ts';
import type { Call, Contribution, Elaborated, Follower, GroupMember, ModerationEntry, Moderator, Proposal, Report, Stance, Support, ThemeGroup } from './types.ts';

export interface NowbeallRecords {
  calls: Collection<Call>;
  proposals: Collection<Proposal>;
  supports: Collection<Support>;
  reports: Collection<Report>;
  log: Collection<ModerationEntry>;
  moderators: Collection<Moderator>;
  groups: Collection<ThemeGroup>;
  members: Collection<GroupMember>;
  contributions: Collection<Contribution>;
  elaborated: Collection<Elaborated>;
  stances: Collection<Stance>;
  followers: Collection<Follower>;
  /** Counters (`proposal`, `group`): the next number, updated atomically. */
  counters: Collection<{ id: string; next: number }>;
}

export function nowbeallRecords(store: Store): NowbeallRecords {
  return {
    calls: store.collection<Call>('nowbeall-calls', { indexes: ['phase'] }),
    proposals: store.collection<Proposal>('nowbeall-proposals', { indexes: ['call', 'theme', 'status', 'author', 'supports', 'createdAt', 'group'] }),
    supports: store.collection<Support>('nowbeall-supports', { indexes: ['proposal', 'by'] }),
    reports: store.collection<Report>('nowbeall-reports', { indexes: ['proposal', 'by', 'state'] }),
    log: store.collection<ModerationEntry>('nowbeall-log', { indexes: ['proposal', 'call', 'by'] }),
    moderators: store.collection<Moderator>('nowbeall-moderators', { indexes: [] }),
    groups: store.collection<ThemeGroup>('nowbeall-groups', { indexes: ['call', 'theme'] }),
    members: store.collection<GroupMember>('nowbeall-members', { indexes: ['group', 'by'] }),
    contributions: store.collection<Contribution>('nowbeall-contributions', { indexes: ['group', 'proposal', 'by'] }),
    elaborated: store.collection<Elaborated>('nowbeall-elaborated', { indexes: ['group'] }),
    stances: store.collection<Stance>('nowbeall-stances', { indexes: ['proposal', 'by'] }),
    followers: store.collection<Follower>('nowbeall-followers', { indexes: ['proposal', 'by'] }),
    counters: store.collection<{ id: string; next: number }>('nowbeall-counters', { indexes: [] }),
  };
}

/** The next number of a counter (`proposal`, `group`), unique under concurrency. */
export async function nextNumber(r: NowbeallRecords, counter: string): Promise<number> {
  const after = await r.counters.update(counter, (c) => ({ id: counter, next: (c?.next ?? 1) + 1 }));
  return (after?.next ?? 2) - 1;
}
