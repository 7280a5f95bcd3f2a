/** The widget's words in the client's languages; the customer's language picks them. */
export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];

const fr = {
  help: 'Aide',
  close: 'Fermer',
  title: 'Comment pouvons-nous vous aider ?',
  searchLabel: 'Rechercher dans l’aide',
  searchPlaceholder: 'Ex. : box internet clignote rouge',
  searching: 'Recherche…',
  noResult: 'Aucun article ne correspond. Essayez d’autres mots, ou contactez-nous.',
  results: (n: number) => (n === 1 ? '1 article' : `${n} articles`),
  guided: 'Dépannage guidé',
  back: 'Retour',
  helpful: 'Cet article vous a-t-il aidé ?',
  yes: 'Oui',
  no: 'Non',
  reasonLabel: 'Qu’est-ce qui manquait ? (facultatif)',
  sendVote: 'Envoyer',
  thanks: 'Merci pour votre avis.',
  solved: 'Parfait, c’est résolu. Bonne journée !',
  contact: 'Nous contacter',
  contactIntro: 'Un conseiller reprend là où vous en êtes : il verra ce que vous avez déjà essayé.',
  callback: 'Être rappelé',
  message: 'Laisser un message',
  chat: 'Discuter avec un conseiller',
  phone: 'Numéro de téléphone',
  phoneHint: 'Au format international, ex. +33612345678',
  email: 'Adresse e-mail',
  yourMessage: 'Votre message (facultatif)',
  send: 'Envoyer',
  sent: (caseId: string) => `C’est noté : votre demande ${caseId} est ouverte.`,
  callbackWait: (minutes: number) =>
    minutes <= 1 ? 'Un conseiller vous appelle dans une minute environ.' : `Un conseiller vous appelle dans ${minutes} minutes environ.`,
  callbackWindow: (from: string) => `Le service est fermé : nous vous appellerons à partir du ${from}.`,
  callbackSoon: 'Un conseiller vous appelle dès que possible.',
  chatOpen: 'Un conseiller va vous répondre dans la conversation.',
  tryAgain: 'Le service est très sollicité : réessayez dans un instant.',
  invalid: {
    phone: 'Ce numéro n’est pas valide : écrivez-le au format international, ex. +33612345678.',
    email: 'Cette adresse e-mail n’est pas valide.',
    message: 'Ce message ne peut pas être envoyé (2 000 caractères au plus).',
  } as Record<string, string>,
  error: 'Un problème est survenu.',
};

const en: typeof fr = {
  help: 'Help',
  close: 'Close',
  title: 'How can we help?',
  searchLabel: 'Search help',
  searchPlaceholder: 'E.g. internet box blinking red',
  searching: 'Searching…',
  noResult: 'No article matches. Try other words, or contact us.',
  results: (n: number) => (n === 1 ? '1 article' : `${n} articles`),
  guided: 'Guided troubleshooting',
  back: 'Back',
  helpful: 'Did this article help?',
  yes: 'Yes',
  no: 'No',
  reasonLabel: 'What was missing? (optional)',
  sendVote: 'Send',
  thanks: 'Thank you for your feedback.',
  solved: 'Great, it is solved. Have a good day!',
  contact: 'Contact us',
  contactIntro: 'An adviser picks up where you are: they will see what you already tried.',
  callback: 'Get a call back',
  message: 'Leave a message',
  chat: 'Chat with an adviser',
  phone: 'Phone number',
  phoneHint: 'International format, e.g. +447700900123',
  email: 'Email address',
  yourMessage: 'Your message (optional)',
  send: 'Send',
  sent: (caseId: string) => `Got it: your request ${caseId} is open.`,
  callbackWait: (minutes: number) => (minutes <= 1 ? 'An adviser will call you in about a minute.' : `An adviser will call you in about ${minutes} minutes.`),
  callbackWindow: (from: string) => `We are closed now: we will call you from ${from}.`,
  callbackSoon: 'An adviser will call you as soon as possible.',
  chatOpen: 'An adviser will answer you in the conversation.',
  tryAgain: 'We are very busy right now: please try again in a moment.',
  invalid: {
    phone: 'This number is not valid: write it in international format, e.g. +447700900123.',
    email: 'This email address is not valid.',
    message: 'This message cannot be sent (2,000 characters at most).',
  },
  error: 'Something went wrong.',
};

export const words = { fr, en } as const;
export type Words = typeof fr;

export function languageOf(requested: string | undefined): Language {
  const short = (requested ?? '').slice(0, 2).toLowerCase();
  return (languages as readonly string[]).includes(short) ? (short as Language) : 'en';
}
