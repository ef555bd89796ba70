import type { Flow, Turn } from '../../src/engine/index.ts';
import { commandList, invalid, next, resumePending } from '../../src/engine/index.ts';

function languageChoices(turn: Turn) {
  const { i18n } = turn.services;
  return i18n.languages.map((lang) => ({ label: i18n.nameOf(lang), value: lang }));
}

/** Finds a shipped language from a typed code or name ("fr", "français", "French"). */
export function findLanguage(turn: Turn, typed: string): string | undefined {
  const { i18n } = turn.services;
  const want = typed.trim().toLowerCase();
  return i18n.languages.find((l) => l === want || i18n.nameOf(l).toLowerCase() === want || i18n.match(want) === l);
}

function welcome(turn: Turn): void {
  turn.say([turn.t('onboarding:welcome'), ...commandList(turn)].join('\n'));
}

function giveConsent(turn: Turn): void {
  turn.user.consentAt ??= turn.now.toISOString();
}

/** Typed /agree or the "I agree" button, wherever the user is. */
async function agree(turn: Turn): Promise<void> {
  const first = !turn.user.consentAt;
  giveConsent(turn);
  turn.user.lang ??= turn.lang;
  if (turn.session?.flow === 'onboarding') {
    turn.user.session = undefined;
    turn.promptNeeded = false;
  }
  turn.say(turn.t(first ? 'onboarding:consent.thanks' : 'onboarding:consent.already'));
  if (await resumePending(turn)) return;
  if (first && !turn.session) welcome(turn);
  else turn.reprompt();
}

function setLanguage(turn: Turn, lang: string): void {
  turn.setLanguage(lang);
  turn.say(turn.t('onboarding:language.set', { language: turn.services.i18n.nameOf(lang) }));
}

/**
 * `/language fr` or a language button of /language. While /start is asking for the language,
 * that is the answer: onboarding goes on exactly as if its own button had been pressed.
 */
async function chooseLanguage(turn: Turn, lang: string): Promise<void> {
  setLanguage(turn, lang);
  const s = turn.user.session;
  if (s?.flow !== 'onboarding' || s.step !== 'language') {
    turn.reprompt();
    return;
  }
  if (!turn.user.consentAt) {
    s.history.push(s.step);
    s.step = 'consent';
    s.stepIndex = onboarding.steps!.findIndex((x) => x.id === 'consent');
    turn.promptNeeded = true;
    return;
  }
  turn.user.session = undefined;
  turn.promptNeeded = false;
  await onboarding.onEnd!(turn);
}

/** /start: greeting, language, explicit consent. Nothing is stored for a flow that needs consent before it. */
export const onboarding: Flow = {
  id: 'onboarding',
  version: 1,
  steps: [
    {
      id: 'language',
      prompt: (turn) => ({ text: turn.t('onboarding:language.ask'), choices: languageChoices(turn) }),
      onChoice(turn, value) {
        if (!turn.services.i18n.languages.includes(value)) return invalid(turn.t('onboarding:language.unknown', { language: value }));
        setLanguage(turn, value);
        return next();
      },
      onText(turn, text) {
        const lang = findLanguage(turn, text);
        if (!lang) return invalid(turn.t('onboarding:language.unknown', { language: text.slice(0, 40) }));
        setLanguage(turn, lang);
        return next();
      },
    },
    {
      id: 'consent',
      skipIf: (turn) => Boolean(turn.user.consentAt),
      prompt: (turn) => ({
        text: turn.t('onboarding:consent.ask'),
        choices: [
          { label: turn.t('onboarding:consent.agree'), value: 'agree' },
          { label: turn.t('onboarding:consent.decline'), value: 'decline' },
        ],
        columns: 1,
      }),
      onChoice(turn, value) {
        if (value === 'agree') {
          giveConsent(turn);
          turn.say(turn.t('onboarding:consent.thanks'));
          return next();
        }
        if (value === 'decline') {
          turn.say(turn.t('onboarding:consent.declined'));
          return { kind: 'end' };
        }
        return invalid(turn.t('common:button.invalid'));
      },
      onText: (turn) => invalid(turn.t('onboarding:consent.useButtons')),
    },
  ],
  async onEnd(turn) {
    if (turn.user.consentAt && !(await resumePending(turn))) welcome(turn);
  },
  commands: {
    start(turn) {
      turn.say(turn.t('onboarding:greeting'));
      if (turn.user.consentAt && turn.user.lang) {
        welcome(turn);
        return;
      }
      turn.begin('onboarding');
    },
    agree: (turn) => agree(turn),
    async language(turn, args) {
      if (args) {
        const lang = findLanguage(turn, args);
        if (lang) return chooseLanguage(turn, lang);
        turn.say(turn.t('onboarding:language.unknown', { language: args.slice(0, 40) }));
      }
      turn.say(
        turn.t('onboarding:language.ask'),
        turn.services.i18n.languages.map((lang) => ({ label: turn.services.i18n.nameOf(lang), value: `#lang:${lang}` })),
      );
    },
  },
  actions: {
    async lang(turn, lang) {
      if (!turn.services.i18n.languages.includes(lang)) {
        turn.say(turn.t('common:button.invalid'));
        return;
      }
      return chooseLanguage(turn, lang);
    },
    agree: (turn) => agree(turn),
  },
  help: [
    { command: 'start', description: 'onboarding:help.start' },
    { command: 'language', description: 'onboarding:help.language' },
    { command: 'help', description: 'onboarding:help.help' },
  ],
};
