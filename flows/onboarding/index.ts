import type { Context, View } from '../../src/engine/index.ts';
import { commandList, defineFlow, end, fail, next } from '../../src/engine/index.ts';

/** Onboarding keeps nothing of its own between two messages: its position is all. */
type State = Record<string, never>;
type Ctx = Context<Record<string, never>, 'lang' | 'agree', void>;

function languageChoices(view: Pick<View<State, object>, 'services'>) {
  const { i18n } = view.services;
  return i18n.languages.map((lang) => ({ label: i18n.nameOf(lang), value: lang }));
}

/** Finds a shipped language from a typed code or name ("fr", "français", "French"). */
export function findLanguage(ctx: Pick<Ctx, 'services'>, typed: string): string | undefined {
  const { i18n } = ctx.services;
  const want = typed.trim().toLowerCase();
  return i18n.languages.find((l) => l === want || i18n.nameOf(l).toLowerCase() === want || i18n.match(want) === l);
}

function welcome(ctx: Ctx): void {
  ctx.say([ctx.t('onboarding:welcome'), ...commandList(ctx)].join('\n'));
}

function setLanguage(ctx: Ctx, lang: string): void {
  ctx.setLanguage(lang);
  ctx.say(ctx.t('onboarding:language.set', { language: ctx.services.i18n.nameOf(lang) }));
}

/**
 * `/language fr` or a language button of /language. While /start is asking for the language,
 * that is the answer: onboarding goes on exactly as if its own button had been pressed.
 */
function chooseLanguage(ctx: Ctx, lang: string) {
  setLanguage(ctx, lang);
  if (ctx.step === 'language') return next();
  ctx.reprompt();
  return undefined;
}

/** Typed /agree or the "I agree" button, wherever the user is. */
async function agree(ctx: Ctx): Promise<void> {
  const first = ctx.recordConsent();
  ctx.setLanguage(ctx.lang);
  // Consent given while /start asked for it ends onboarding's questions.
  ctx.leave();
  ctx.say(ctx.t(first ? 'onboarding:consent.thanks' : 'onboarding:consent.already'));
  if (await ctx.runPending()) return;
  if (first && !ctx.busy) welcome(ctx);
  else ctx.reprompt();
}

function start(ctx: Ctx): void {
  ctx.say(ctx.t('onboarding:greeting'));
  if (ctx.person.consentAt && ctx.person.lang) {
    welcome(ctx);
    return;
  }
  ctx.open();
}

/**
 * /start: greeting, language, explicit consent. This flow collects consent for every flow that
 * requires it: nothing is stored for such a flow before it.
 */
export const onboarding = defineFlow({
  id: 'onboarding',
  version: 1,
  title: 'onboarding:title',
  initial: (): State => ({}),
  steps: {
    language: {
      prompt: (v) => ({ text: v.t('onboarding:language.ask'), choices: languageChoices(v) }),
      onChoice(ctx, value) {
        if (!ctx.services.i18n.languages.includes(value)) return fail('onboarding:language.unknown', { language: value });
        setLanguage(ctx, value);
        return next();
      },
      onText(ctx, text) {
        const lang = findLanguage(ctx, text);
        if (!lang) return fail('onboarding:language.unknown', { language: text.slice(0, 40) });
        setLanguage(ctx, lang);
        return next();
      },
    },
    consent: {
      skipIf: (v) => Boolean(v.person.consentAt),
      prompt: (v) => ({
        text: v.t('onboarding:consent.ask'),
        choices: [
          { label: v.t('onboarding:consent.agree'), value: 'agree' },
          { label: v.t('onboarding:consent.decline'), value: 'decline' },
        ],
        columns: 1,
      }),
      onChoice(ctx, value) {
        if (value === 'agree') {
          ctx.recordConsent();
          ctx.say(ctx.t('onboarding:consent.thanks'));
          return next();
        }
        if (value === 'decline') {
          ctx.say(ctx.t('onboarding:consent.declined'));
          return end();
        }
        return fail('common:button.invalid');
      },
      onText: () => fail('onboarding:consent.useButtons'),
    },
  },
  async onEnd(ctx) {
    if (ctx.person.consentAt && !(await ctx.runPending())) welcome(ctx);
  },
  collectsConsent(ctx) {
    ctx.say(ctx.t('onboarding:consent.required'), [ctx.button(ctx.t('onboarding:consent.agree'), 'agree')]);
  },
  // A newcomer's first words, on a channel without a start button, are answered as /start.
  greet: (ctx) => start(ctx),
  commands: {
    start: (ctx) => start(ctx),
    agree: (ctx) => agree(ctx),
    language(ctx, args) {
      if (args) {
        const lang = findLanguage(ctx, args);
        if (lang) return chooseLanguage(ctx, lang);
        ctx.say(ctx.t('onboarding:language.unknown', { language: args.slice(0, 40) }));
      }
      ctx.say(
        ctx.t('onboarding:language.ask'),
        ctx.services.i18n.languages.map((lang) => ctx.button(ctx.services.i18n.nameOf(lang), 'lang', lang)),
      );
    },
  },
  actions: {
    lang(ctx, lang) {
      if (!ctx.services.i18n.languages.includes(lang)) return fail('common:button.invalid');
      return chooseLanguage(ctx, lang);
    },
    agree: (ctx) => agree(ctx),
  },
  help: [
    { command: 'start', description: 'onboarding:help.start' },
    { command: 'language', description: 'onboarding:help.language' },
    { command: 'help', description: 'onboarding:help.help' },
  ],
});
