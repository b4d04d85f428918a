import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

export async function forwardsRoutes(_app: FastifyInstance, _s: Services) {}
