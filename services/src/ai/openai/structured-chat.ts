import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { Prompt, PromptMessage, PromptVars } from '../prompts.ts';
import { isConfigured, langChainClientFields, notConfigured, serverName, type OpenAiConnection } from './connection.ts';
import { abortReason, answerError, invalidOutput, promptSource } from './errors.ts';

/**
 * One job: send a prompt file to a chat model and get back an object that matches the prompt's
 * output schema, or a typed error. Uses LangChain's ChatOpenAI + withStructuredOutput.
 *
 * Structured-output methods (`structuredMethod`):
 * - 'jsonSchema' (default): `response_format: {type: 'json_schema'}`. OpenAI enforces the schema
 *   (strict mode), vLLM and Ollama (≥ 0.5) turn it into a grammar, so even small local models
 *   answer in shape. LangChain picks function calling by itself for legacy gpt-3.5 / gpt-4.
 * - 'functionCalling': a forced tool call. For servers without json_schema; Ollama ignores a
 *   forced `tool_choice`, so models there may answer in prose.
 * - 'jsonMode': `response_format: {type: 'json_object'}`: valid JSON, shape only from the prompt.
 *
 * With jsonSchema, LangChain parses through the SDK's `chat.completions.parse` inside its retry
 * loop, so an unparseable answer is asked again up to `maxRetries` times before it reaches us;
 * with the other methods it parses afterwards and we see the first failure. Either way what
 * reaches us is E_AI_INVALID_OUTPUT, which the job queue retries.
 */

export const STRUCTURED_METHODS = ['jsonSchema', 'functionCalling', 'jsonMode'] as const;
export type StructuredMethod = (typeof STRUCTURED_METHODS)[number];

export interface StructuredChatOptions extends OpenAiConnection {
  model: string;
  structuredMethod?: StructuredMethod;
  /** Default 0 (labels and summaries should not vary); not sent to reasoning models, which reject it. */
  temperature?: number;
}

export interface StructuredTask<T> {
  readonly prompt: Prompt;
  run(vars: PromptVars, opts?: { signal?: AbortSignal }): Promise<T>;
}

export interface StructuredChat {
  readonly model: string;
  readonly method: StructuredMethod | undefined;
  /**
   * Binds a prompt to the schema named in its front matter. Called while the process starts, so a
   * prompt file that names another schema fails at boot.
   */
  task<S extends z.ZodType<object>>(prompt: Prompt, schemaName: string, schema: S): StructuredTask<z.infer<S>>;
}

// o1/o3/gpt-5 (but not gpt-5-chat) accept only their default temperature.
const isReasoningModel = (model: string) => /^o\d/.test(model) || (model.startsWith('gpt-5') && !model.startsWith('gpt-5-chat'));

function toLangChainMessage(m: PromptMessage): BaseMessage {
  if (m.role === 'system') return new SystemMessage(m.content);
  if (m.role === 'assistant') return new AIMessage(m.content);
  return new HumanMessage(m.content);
}

export function createStructuredChat(options: StructuredChatOptions): StructuredChat {
  const { model } = options;
  const method = options.structuredMethod;
  if (method !== undefined && !STRUCTURED_METHODS.includes(method)) {
    throw new AppError('E_CONFIG', `unknown structured output method "${method}" (one of ${STRUCTURED_METHODS.join(', ')})`, 500, false);
  }
  const server = serverName(options);
  const temperature = isReasoningModel(model) ? undefined : (options.temperature ?? 0);
  const chat = new ChatOpenAI({
    ...langChainClientFields(options),
    model,
    ...(temperature === undefined ? {} : { temperature }),
  });

  function task<S extends z.ZodType<object>>(prompt: Prompt, schemaName: string, schema: S): StructuredTask<z.infer<S>> {
    if (prompt.output !== schemaName) {
      throw new AppError(
        'E_PROMPT_INVALID',
        `prompt ${prompt.name} declares output ${prompt.output}, but its caller expects ${schemaName}`,
        500,
        false,
      );
    }
    // The schema's name reaches the server (json_schema name / tool name): it tells the model, and
    // our fake server, what is being asked for.
    const structured = chat.withStructuredOutput(schema, { name: schemaName, ...(method ? { method } : {}) });
    const source = promptSource(prompt);

    async function run(vars: PromptVars, opts: { signal?: AbortSignal } = {}): Promise<z.infer<S>> {
      const { signal } = opts;
      if (!isConfigured(options)) throw notConfigured();
      if (signal?.aborted) throw abortReason(signal);
      const messages = prompt.render(vars).messages.map(toLangChainMessage);
      let answer: unknown;
      try {
        answer = await structured.invoke(messages, { signal });
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        throw answerError(err, { server, model }, source);
      }
      // Again, whatever the method: function-calling parsers return undefined for a missing call.
      const parsed = schema.safeParse(answer);
      if (!parsed.success) throw invalidOutput(source, z.prettifyError(parsed.error).replace(/\s+/g, ' '));
      return parsed.data;
    }

    return { prompt, run };
  }

  return { model, method, task };
}
