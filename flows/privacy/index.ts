import type { Context } from '../../src/engine/index.ts';
import { defineFlow, flowTitle, forgetJobs, jobsAbout } from '../../src/engine/index.ts';

type Ctx = Context<Record<string, never>, 'forget'>;

async function gather(ctx: Ctx): Promise<Record<string, unknown>> {
  const { services } = ctx;
  const user = ctx.document();
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

async function readable(ctx: Ctx): Promise<string> {
  const { t } = ctx;
  const user = ctx.document();
  const lines = [
    t('privacy:mydata.title'),
    t('privacy:mydata.contact', { channel: user.contact.channel, id: user.contact.userId, name: user.contact.name ?? '—' }),
    t('privacy:mydata.language', { language: ctx.services.i18n.nameOf(ctx.lang) }),
    user.consentAt ? t('privacy:mydata.consent', { date: user.consentAt.slice(0, 10) }) : t('privacy:mydata.noConsent'),
    t('privacy:mydata.firstSeen', { date: user.createdAt.slice(0, 10) }),
    user.session ? t('privacy:mydata.inFlow', { flow: flowTitle(ctx, user.session.flow) }) : t('privacy:mydata.noFlow'),
  ];
  lines.push(...(await ctx.summaries()));
  const jobs = await jobsAbout(ctx.services.store, user.key);
  if (jobs.length > 0) lines.push(t('privacy:mydata.scheduled', { count: jobs.length }));
  lines.push('', t('privacy:mydata.json'));
  return lines.join('\n');
}

/** /mydata and /forget: what is stored, and erasing it everywhere. */
export const privacy = defineFlow({
  id: 'privacy',
  version: 1,
  title: 'privacy:title',
  commands: {
    async mydata(ctx) {
      ctx.say(await readable(ctx));
      ctx.file('mydata.json', 'application/json', JSON.stringify(await gather(ctx), null, 2));
    },
    forget(ctx) {
      ctx.say(ctx.t('privacy:forget.confirm'), [ctx.button(ctx.t('privacy:forget.yes'), 'forget', 'yes'), ctx.button(ctx.t('privacy:forget.no'), 'forget', 'no')], 1);
    },
  },
  actions: {
    async forget(ctx, answer, { fresh }) {
      if (answer !== 'yes') {
        ctx.say(ctx.t('privacy:forget.kept'));
        ctx.reprompt();
        return;
      }
      // Erasing needs a confirmation from the latest prompt, not a button found in old history.
      if (!fresh) {
        ctx.say(ctx.t('privacy:forget.expired'));
        return;
      }
      const user = ctx.document();
      for (const flow of ctx.services.flows.values()) await flow.forget?.(ctx.services, user);
      // Jobs about the person are erased whichever flow planned them, done ones included.
      await forgetJobs(ctx.services.store, user.key);
      ctx.erase();
      ctx.say(ctx.t('privacy:forget.done'));
    },
  },
  help: [
    { command: 'mydata', description: 'privacy:help.mydata' },
    { command: 'forget', description: 'privacy:help.forget' },
  ],
});
