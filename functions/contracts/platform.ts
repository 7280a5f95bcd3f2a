import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { Timestamp } from './common';

/** The platform routes: liveness and this OpenAPI document. */

export const Health = meta(z.object({ status: z.literal('ok'), clientId: z.string(), time: Timestamp }), { id: 'Health' });

export const OpenApiDocument = meta(z.looseObject({ openapi: z.string() }), { id: 'OpenApiDocument' });
