import { afterEach, describe, expect, it } from 'vitest';
import { readLocales } from '../src/i18n/i18n.ts';
import { citizen, cleanup, createGroup, lastText, pressValue, startSpiralBot, texts, type SpiralBot } from './helpers/spiral-harness.ts';

type Tree = { [k: string]: string | Tree };
const locales = readLocales() as Record<string, { spiral: Tree }>;
const s = (lang: string, path: string): string => path.split('.').reduce<string | Tree>((o, k) => (o as Tree)[k]!, locales[lang]!.spiral) as string;
/** The fixed part of a translated text (up to its first placeholder), to find it in a reply. */
const head = (lang: string, path: string) => s(lang, path).split('{{')[0]!.trim();

const IDEAS: Record<string, string[]> = {
  en: ['Having friends', 'A decent home', 'Feeling alone', 'No money at the end of the month', 'I volunteer at the food bank', 'Listening to my neighbours', 'Clean air for our grandchildren', 'Plant trees together'],
  fr: ['Avoir des amis', 'Un logement digne', 'Se sentir seul', "Plus d'argent en fin de mois", 'Je fais du bénévolat', 'Écouter mes voisins', 'Un air pur pour nos petits-enfants', 'Planter des arbres ensemble'],
  it: ['Avere amici', 'Una casa dignitosa', 'Sentirsi solo', 'Niente soldi a fine mese', 'Faccio volontariato', 'Ascoltare i vicini', "Aria pulita per i nipoti", 'Piantare alberi insieme'],
  ro: ['Să am prieteni', 'O locuință decentă', 'Să mă simt singur', 'Fără bani la sfârșitul lunii', 'Fac voluntariat', 'Îmi ascult vecinii', 'Aer curat pentru nepoți', 'Să plantăm copaci împreună'],
  es: ['Tener amigos', 'Una vivienda digna', 'Sentirse solo', 'Sin dinero a fin de mes', 'Hago voluntariado', 'Escuchar a mis vecinos', 'Aire limpio para los nietos', 'Plantar árboles juntos'],
  pt: ['Ter amigos', 'Uma casa digna', 'Sentir-se sozinho', 'Sem dinheiro no fim do mês', 'Faço voluntariado', 'Ouvir os meus vizinhos', 'Ar limpo para os netos', 'Plantar árvores juntos'],
};

let bot: SpiralBot | undefined;
afterEach(async () => {
  await cleanup(bot);
  bot = undefined;
});

describe('SPIRAL questionnaire through the engine, in every language and both question sets', () => {
  for (const lang of ['en', 'fr', 'it', 'ro', 'es', 'pt']) {
    for (const future of [false, true]) {
      const n = future ? 4 : 3;
      it(`${lang}, ${n} questions: ideas, review, classification, ratings, summary`, async () => {
        bot = await startSpiralBot();
        const boss = await citizen(bot, 'boss', 'en');
        const code = await createGroup(bot, boss, { lang, future, name: `Groupe ${lang}` });
        const group = await bot.group(code);
        expect(group?.questionSet).toBe(future ? 'spiral4' : 'spiral3');
        expect(group?.lang).toBe(lang);

        const u = await citizen(bot, `c-${lang}`, lang);
        const welcome = texts(await u.send(`/spiral ${code}`));
        expect(welcome).toContain(head(lang, 'join.welcome'));
        expect(welcome).toContain(s(lang, 'question.wellbeing'));
        expect(welcome).toContain(s(lang, 'progress.question').replace('{{n}}', '1').replace('{{total}}', String(n)).replace('{{count}}', '0'));

        const ideas = IDEAS[lang]!;
        const questions = ['wellbeing', 'illbeing', 'actions', ...(future ? ['future'] : [])];
        for (const [i, q] of questions.entries()) {
          expect(u.transcript()).toContain(s(lang, `question.${q}`));
          for (const idea of ideas.slice(i * 2, i * 2 + 2)) {
            const ack = texts(await u.send(idea));
            expect(ack).toContain(head(lang, 'idea.saved'));
            expect(ack).toContain(idea);
          }
          // The acknowledgement carries the Done button.
          await pressValue(u, /^!done$/);
        }
        if (!future) expect(u.transcript()).not.toContain(s(lang, 'question.future'));
        const expected = n * 2;
        expect(lastText(u)).toContain(head(lang, 'review.title'));
        const p1 = await bot.participation(`c-${lang}`, code);
        expect(p1?.criteria).toHaveLength(expected);
        expect(p1?.criteria.every((c) => c.lang === lang)).toBe(true);

        // Review done → classification of each idea.
        await pressValue(u, /^!done$/);
        expect(lastText(u)).toContain(head(lang, 'classify.ask'));
        await pressValue(u, /\.ok$/); // accept the suggestion
        await pressValue(u, /\.c\.[A-H]\d\d$/); // and its first component
        await pressValue(u, /\.other$/); // another family
        await pressValue(u, /\.f\.D$/);
        await u.send('/skip'); // family only
        await pressValue(u, /\.unsure$/); // I don't know
        await pressValue(u, /\.rest$/); // the rest to the facilitator

        // Ratings: one per criterion, by button, typed, out of range, skipped.
        expect(lastText(u)).toContain(head(lang, 'rate.askCriterion'));
        await pressValue(u, /\.r\.4$/);
        expect(texts(await u.send('9'))).toContain(s(lang, 'rate.outOfRange').replace('{{text}}', '9'));
        await u.send('5');
        await u.send('/skip');
        for (let i = 3; i < expected; i++) await pressValue(u, /\.r\.3$/);

        const end = u.transcript();
        expect(end).toContain(head(lang, 'summary.title_other'));
        expect(end).toContain(head(lang, 'done.thanks'));
        const p = await bot.participation(`c-${lang}`, code);
        expect(p?.finishedAt).toBeTruthy();
        const [a, b, c, d] = p!.criteria;
        expect(a?.classifiedBy).toBe('suggestion');
        expect(a?.component?.[0]).toBe(a?.family);
        expect(b).toMatchObject({ family: 'D', classifiedBy: 'citizen' });
        expect(b?.component).toBeUndefined();
        expect(c?.unsure).toBe(true);
        expect(d?.unsure).toBe(true);
        expect(Object.values(p!.ratings).map((r) => r.value)).toEqual([4, 5, ...Array(expected - 3).fill(3)]);
        expect(p?.ratings[c!.id]).toBeUndefined();
        // Nothing is left open.
        const doc = await bot.core.services.store.loadUser(bot.core.services.store.keyOf(`memory:c-${lang}`));
        expect(doc?.session).toBeUndefined();
      });
    }
  }
});
