import * as z from 'zod';
import { Timestamp } from './common';

/** The platform routes: liveness and this OpenAPI document. */

export const Health = z.object({ status: z.literal('ok'), clientId: z.string(), time: Timestamp }).meta({ id: 'Health' });

export const OpenApiDocument = z.looseObject({ openapi: z.string() }).meta({ id: 'OpenApiDocument' });
