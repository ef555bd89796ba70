import type { Flow, Turn } from '../../src/engine/index.ts';
import { forgetJobs, jobsAbout } from '../../src/scheduler/person-jobs.ts';

async function gather(turn: Turn): Promise<Record<string, unknown>> {
  const { services, user } = turn;
  const elsewhere: Record<string, unknown> = {};
  for (const flow of services.flows.values()) {
    const data = await flow.userData?.(services, user);
    if (data !== undefined) elsewhere[flow.id] = data;
  }
  // Reminders and reports waiting in the shared schedule, whichever flow planned them.
  const scheduled = (await jobsAbout(services.store, user.key)).map(({ id, kind, at, cron, tz, doneAt, payload }) => ({ id, kind, at, cron, tz, doneAt, payload }));
  return {
    pseudonym: user.pseudonym,
    contact: user.contact,
    language: user.lang ?? null,
    consentGivenAt: user.consentAt ?? null,
    firstSeenAt: user.createdAt,
    unreachable: user.unreachable ?? false,
    conversation: user.session ? { flow: user.session.flow, step: user.session.step, startedAt: user.session.startedAt } : null,
    answers: user.flows,
    scheduled,
    elsewhere,
  };
}

async function readable(turn: Turn): Promise<string> {
  const { t, user } = turn;
  const lines = [
    t('privacy:mydata.title'),
    t('privacy:mydata.contact', { channel: user.contact.channel, id: user.contact.userId, name: user.contact.name ?? '—' }),
    t('privacy:mydata.language', { language: turn.services.i18n.nameOf(turn.lang) }),
    user.consentAt ? t('privacy:mydata.consent', { date: user.consentAt.slice(0, 10) }) : t('privacy:mydata.noConsent'),
    t('privacy:mydata.firstSeen', { date: user.createdAt.slice(0, 10) }),
    user.session ? t('privacy:mydata.inFlow', { flow: t(`common:flowNames.${user.session.flow}`) }) : t('privacy:mydata.noFlow'),
  ];
  for (const flow of turn.services.flows.values()) lines.push(...((await flow.summary?.(turn)) ?? []));
  const jobs = await jobsAbout(turn.services.store, user.key);
  if (jobs.length > 0) lines.push(t('privacy:mydata.scheduled', { count: jobs.length }));
  lines.push('', t('privacy:mydata.json'));
  return lines.join('\n');
}

/** /mydata and /forget: what is stored, and erasing it everywhere. */
export const privacy: Flow = {
  id: 'privacy',
  version: 1,
  commands: {
    async mydata(turn) {
      turn.say(await readable(turn));
      turn.file('mydata.json', 'application/json', JSON.stringify(await gather(turn), null, 2));
    },
    forget(turn) {
      turn.say(turn.t('privacy:forget.confirm'), [
        { label: turn.t('privacy:forget.yes'), value: '#forget:yes' },
        { label: turn.t('privacy:forget.no'), value: '#forget:no' },
      ], 1);
    },
  },
  actions: {
    async forget(turn, answer, fresh) {
      if (answer !== 'yes') {
        turn.say(turn.t('privacy:forget.kept'));
        turn.reprompt();
        return;
      }
      // Erasing needs a confirmation from the latest prompt, not a button found in old history.
      if (!fresh) {
        turn.say(turn.t('privacy:forget.expired'));
        return;
      }
      for (const flow of turn.services.flows.values()) await flow.forget?.(turn.services, turn.user);
      // Jobs about the person are erased whichever flow planned them, done ones included.
      await forgetJobs(turn.services.store, turn.user.key);
      turn.erase();
      turn.say(turn.t('privacy:forget.done'));
    },
  },
  help: [
    { command: 'mydata', description: 'privacy:help.mydata' },
    { command: 'forget', description: 'privacy:help.forget' },
  ],
};
