import * as z from 'zod/mini';

/**
 * Every channel a contact can arrive on. One list, used by the client config (which channels a
 * brand uses), the API schemas (which channel an interaction came from) and the docs.
 */
export const channels = [
  'phone',
  'ivr',
  'email',
  'chat',
  'chatbot',
  'mobile_messaging',
  'sms',
  'social',
  'click_to_call',
  'app',
  'web_selfcare',
  'face_to_face',
  'mail',
] as const;

export const Channel = z.enum(channels);
export type Channel = z.infer<typeof Channel>;

export const languages = ['fr', 'en'] as const;
export const Language = z.enum(languages);
export type Language = z.infer<typeof Language>;
