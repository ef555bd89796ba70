/** Persisted broadcasts with a per-recipient ledger: what flows use to message many people at once. */
export { BROADCAST_WAKE_JOB, BroadcastCenter, BroadcastBusyError, broadcastCenter, type CenterOptions } from './center.ts';
export { isQuiet, nextAllowed, QUIET_FROM_HOUR, QUIET_TO_HOUR, quietHours, quietUntil } from './quiet.ts';
export type { BroadcastKind, BroadcastMeta, BroadcastReport, BroadcastSpec, Counts, CreateResult, Entry, EntryStatus, Letter, Place, PlaceKind, PlaceLetter, QuietHours, Recipient } from './types.ts';
