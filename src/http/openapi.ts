import { apiScopes } from '../access/api-keys.ts';
import { maxBatch, responseChannels } from '../surveys/submit-responses.ts';

const error = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} }, required: ['code', 'message'] } },
};
const localText = { type: 'object', additionalProperties: { type: 'string' }, description: 'Text per language code (fi, sv, en, …)' };
/** A question as POST /api/v1/surveys and /api/v1/surveys/{id}/versions take it. */
const surveyQuestion = {
  type: 'object',
  required: ['type', 'text'],
  properties: {
    key: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' },
    type: { enum: ['nps', 'likert', 'yesno', 'choice', 'multichoice', 'open', 'info'] },
    text: localText,
    options: {
      type: 'array',
      items: { type: 'object', required: ['text'], properties: { value: { type: 'string', pattern: '^[a-z0-9_]{1,40}$' }, text: localText } },
    },
    required: { type: 'boolean' },
    showIf: {
      type: 'object',
      required: ['question', 'in'],
      properties: {
        question: { type: 'string', description: 'An earlier question with set answers, on an earlier page' },
        in: { type: 'array', items: { type: ['string', 'number', 'boolean'] } },
      },
    },
    page: { type: 'integer', minimum: 1, maximum: 20 },
    image: {
      type: 'object',
      description: 'A picture uploaded with POST /api/v1/surveys/images, with its alternative text in every language of the survey',
      required: ['id', 'alt'],
      properties: { id: { type: 'string', pattern: '^[0-9a-f]{64}$' }, alt: localText },
    },
  },
};
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description:
          {
            400: 'Invalid input',
            401: 'No or unknown API key',
            403: 'The key lacks the scope',
            404: 'Not found',
            409: 'Conflicts with what exists',
            413: 'Body too large',
            429: 'Rate limited',
          }[c] ?? 'Error',
        content: { 'application/json': { schema: error } },
      },
    ]),
  );

const likertResult = {
  type: 'object',
  properties: {
    answered: { type: 'integer' },
    mean: { type: ['number', 'null'] },
    shareTop2: { type: ['number', 'null'], description: 'Share of 4 and 5 among those who answered, 0…1' },
    distribution: { type: 'object', properties: Object.fromEntries(['1', '2', '3', '4', '5'].map((k) => [k, { type: 'integer' }])) },
  },
};
const yesNoResult = { type: 'object', properties: { answered: { type: 'integer' }, shareYes: { type: ['number', 'null'], description: '0…1' } } };

/** The integration API, described for county systems (OpenAPI 3.1). */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Kaiku integration API',
    version: '1',
    description:
      'Customer-feedback API of Kaiku. Authenticate with `Authorization: Bearer KEY`; administrators create keys with scopes ' +
      `(${apiScopes.join(', ')}). All times are ISO 8601; dates are YYYY-MM-DD in Europe/Helsinki.`,
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      HandlingFigures: {
        type: 'object',
        properties: {
          received: { type: 'integer' },
          handled: { type: 'integer' },
          handledInTime: { type: 'integer' },
          inTimeShare: { type: ['number', 'null'] },
          medianDays: { type: ['number', 'null'] },
          overdueNow: { type: 'integer' },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/healthz': {
      get: {
        summary: 'Health check for load balancers',
        security: [],
        responses: { 200: { description: 'The database answers' }, 503: { description: 'The database does not answer' } },
      },
    },
    '/api/v1/units': {
      get: {
        summary: 'Typeahead over active units and services (public)',
        security: [],
        parameters: [
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 }, description: 'Any part of a name in any language' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 } },
          { name: 'lang', in: 'query', schema: { type: 'string', enum: ['fi', 'sv', 'en'] }, description: 'Language of `path`' },
          { name: 'within', in: 'query', schema: { type: 'string' }, description: 'Only below this node code' },
        ],
        responses: {
          200: {
            description: 'Matching units',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    units: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          code: { type: 'string' },
                          name: { type: 'object', properties: { fi: { type: 'string' }, sv: { type: ['string', 'null'] }, en: { type: ['string', 'null'] } } },
                          path: { type: 'array', items: { type: 'string' }, description: 'Ancestor names from the county down' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors(400, 429),
        },
      },
    },
    '/api/v1/org/nodes/{code}': {
      get: {
        summary: 'A node of the organisation tree with its path and children (scope org:read)',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'The node' }, ...errors(401, 403, 404) },
      },
    },
    '/api/v1/org/import': {
      post: {
        summary: 'Bring the organisation tree in line with a CSV file (scope org:write)',
        description:
          'Columns code, parent_code, kind, name_fi, name_sv, name_en, active. A file with any problem changes nothing and the answer lists every problem with its line.',
        parameters: [
          { name: 'partial', in: 'query', schema: { type: 'boolean' }, description: 'Leave nodes missing from the file alone instead of closing them' },
        ],
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
        responses: { 200: { description: 'What was added, changed and closed' }, ...errors(400, 401, 403, 413) },
      },
    },
    '/api/v1/audit': {
      get: { summary: 'The audit log (scope audit:read)', responses: { 200: { description: 'Entries, newest first' }, ...errors(401, 403) } },
    },
    '/api/v1/surveys': {
      get: { summary: 'Surveys with their versions, question keys and types', responses: { 200: { description: 'Surveys' }, ...errors(401) } },
      post: {
        summary: "Publish a county's own survey: its first version, or a new one (scope surveys:write, county administrators)",
        description:
          'Identifiers of questions and option values are made from the Finnish text when left out. Questions share a page until one depends on an ' +
          'answer on the same page; `page` sets it. A survey is offered in a language only when every text of it exists in that language; a new ' +
          'version that would lose a language the previous one had is refused unless the language is named in `dropLanguages`. Answers go to ' +
          '`POST /api/v1/responses` (a multiple choice as an array of option values); a question whose `showIf` is not met keeps no answer. ' +
          'The THL surveys are locked (their own questions: `/api/v1/surveys/{id}/versions`); keys starting with `thl-` are kept for them.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['key', 'title', 'questions'],
                properties: {
                  key: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' },
                  title: localText,
                  intro: localText,
                  respondentType: { enum: ['customer', 'relative', 'child', 'youth', 'other'] },
                  startsAt: { type: 'string', format: 'date', description: 'First day answers are taken (Helsinki)' },
                  endsAt: { type: 'string', format: 'date', description: 'Last day answers are taken (Helsinki)' },
                  dropLanguages: { type: 'array', items: { type: 'string' } },
                  questions: {
                    type: 'array',
                    maxItems: 60,
                    items: surveyQuestion,
                  },
                },
              },
            },
          },
        },
        responses: {
          201: { description: 'Published the first version: key, version, created, languages, incompleteLanguages' },
          200: { description: 'Published a new version' },
          ...errors(400, 401, 403, 409),
        },
      },
    },
    '/api/v1/surveys/images': {
      post: {
        summary: "A picture for a question of a county's own survey (scope surveys:write, county administrators)",
        description: 'The body is the picture itself (PNG, JPEG or WebP, at most 2 MB). The same picture twice gives the same id.',
        requestBody: {
          required: true,
          content: Object.fromEntries(['image/png', 'image/jpeg', 'image/webp'].map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
        },
        responses: { 201: { description: 'id and url of the stored picture' }, ...errors(400, 401, 403, 413) },
      },
    },
    '/api/v1/surveys/{key}': {
      get: {
        summary: "A survey's latest version in the terms it is published in",
        parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'The survey' }, ...errors(401, 404) },
      },
    },
    '/api/v1/surveys/{id}/versions': {
      post: {
        summary: "Publish a new version with the county's own questions after the national ones (scope surveys:write)",
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  questions: { type: 'array', maxItems: 30, items: { ...surveyQuestion, required: ['key', 'type', 'text'] } },
                  dropLanguages: { type: 'array', items: { type: 'string' }, description: 'Languages the survey may lose' },
                },
              },
            },
          },
        },
        responses: { 200: { description: 'The new version' }, ...errors(400, 401, 403, 404) },
      },
    },
    '/api/v1/responses': {
      post: {
        summary: 'Store survey answers from another system (scope responses:write)',
        description:
          `One answer or a batch of up to ${maxBatch}. Each item stands alone: a valid item is stored exactly once ` +
          '(the same idempotencyKey from the same key again answers "duplicate"), an invalid item is not stored and its ' +
          '`errors` name every wrong field and why. Valid items of a batch are stored together in one statement, so nothing is half-stored, ' +
          'and every item gets a result in the order sent, so nothing is dropped silently.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['responses'],
                properties: {
                  responses: {
                    type: 'array',
                    minItems: 1,
                    maxItems: maxBatch,
                    items: {
                      type: 'object',
                      required: ['idempotencyKey', 'survey', 'unit', 'channel', 'submittedAt', 'answers'],
                      properties: {
                        idempotencyKey: { type: 'string', minLength: 1, maxLength: 200 },
                        survey: { type: 'string', examples: ['thl-national', 'thl-first-contact'] },
                        surveyVersion: { type: 'integer', description: 'Defaults to the latest published version' },
                        unit: { type: 'string', description: 'Unit code, e.g. the SOTE organisation register OID' },
                        channel: { enum: [...responseChannels] },
                        submittedAt: { type: 'string', format: 'date-time' },
                        answers: {
                          type: 'object',
                          description:
                            'Question key → value: NPS 0–10, Likert 1–5, yes/no as true/false, choice as option key, open as text; null when skipped',
                          additionalProperties: { type: ['integer', 'boolean', 'string', 'null'] },
                        },
                        background: {
                          type: 'object',
                          description: 'respondentType, ageGroup, callType (line | callback), journeyStage, segment (S1–S4), assisted; no identity',
                          additionalProperties: { type: 'string' },
                        },
                      },
                    },
                  },
                },
              },
              example: {
                responses: [
                  {
                    idempotencyKey: 'visit-8812-2026-10-14',
                    survey: 'thl-national',
                    unit: '1.2.246.10.2807418.10.1',
                    channel: 'sms',
                    submittedAt: '2026-10-14T15:02:00+03:00',
                    answers: { nps: 9, nps_open: 'Hyvä palvelu', availability: 5, encounter: null },
                    background: { ageGroup: '45-64' },
                  },
                ],
              },
            },
          },
        },
        responses: {
          200: {
            description: 'One result per item, in order',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    results: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          idempotencyKey: { type: ['string', 'null'] },
                          status: { enum: ['created', 'duplicate', 'invalid'] },
                          errors: {
                            type: 'array',
                            items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' }, message: { type: 'string' } } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 403, 413),
        },
      },
    },
    '/api/v1/feedback': {
      post: {
        summary: "Free-form feedback from the county's chat, page widgets and other channels (scope feedback:write)",
        description:
          'Answers with the reference number the customer can quote. The same idempotencyKey from the same key again answers "duplicate" with the same reference. Feedback that looks like spam is kept in a queue for administrators, never dropped. The handling deadline is the county\'s promise (7 days by default) in calendar days on the Helsinki clock.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['target', 'text'],
                properties: {
                  idempotencyKey: { type: 'string', maxLength: 200 },
                  target: { type: 'string', description: 'Unit or any node code' },
                  text: { type: 'string', minLength: 3, maxLength: 5000 },
                  channel: { enum: ['web', 'widget', 'chat', 'api', 'email', 'phone'] },
                  language: { enum: ['fi', 'sv', 'en'] },
                  contact: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' }, phone: { type: 'string' } } },
                  wantsReply: { type: 'boolean', description: 'Needs an e-mail or a phone number in contact' },
                  accessibility: {
                    type: 'boolean',
                    description: 'About the accessibility of a digital service: due in 14 days (Act 306/2019), not the 7-day promise',
                  },
                  onBehalf: { type: 'object', properties: { mode: { enum: ['oral', 'written'] } } },
                },
              },
            },
          },
        },
        responses: {
          201: {
            description: 'Created',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    reference: { type: 'string', examples: ['K-2026-000123'] },
                    status: { enum: ['created', 'duplicate'] },
                    dueAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          200: { description: 'The same idempotency key again: the existing reference' },
          ...errors(400, 401, 403, 413),
        },
      },
    },
    '/api/v1/feedback/figures': {
      get: {
        summary: 'Handling figures of free-form feedback in a subtree (handlers, managers, administrators and analysts of the node; scope results:read)',
        description:
          'Counts only: no text, no contact details. Suspected and rejected spam are left out. inTimeShare is of the feedback whose deadline has passed or which was handled; overdueNow counts open feedback past its deadline now, whenever it came.',
        parameters: [
          { name: 'node', in: 'query', schema: { type: 'string' }, description: "A node code; default the highest node of the person's roles" },
          {
            name: 'from',
            in: 'query',
            schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
            description: 'First month (YYYY-MM, Helsinki); default twelve months back',
          },
          { name: 'to', in: 'query', schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, description: 'Last month, included; default this month' },
        ],
        responses: {
          200: {
            description: 'totals, byMonth, byNode (one row per child node) and effects (the nine "Miten palaute vaikutti?" choices with counts)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    totals: { $ref: '#/components/schemas/HandlingFigures' },
                    byMonth: { type: 'array', items: { type: 'object' } },
                    byNode: { type: 'array', items: { type: 'object' } },
                    effects: { type: 'array', items: { type: 'object', properties: { effect: { type: 'string' }, count: { type: 'integer' } } } },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/api/v1/actions': {
      get: {
        summary: 'Development actions in a subtree (handlers, managers, administrators and analysts of the node; scope results:read)',
        description:
          'What was opened to put a matter right, its status and follow-up. No feedback text and no contact details; linked feedback is counted only.',
        parameters: [
          {
            name: 'node',
            in: 'query',
            schema: { type: 'string' },
            description: "A node code; default the key's node, or the highest node of the person's roles",
          },
          { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'finished', 'all'], default: 'all' } },
        ],
        responses: {
          200: {
            description: 'The actions, open ones first by their date, then the finished ones, latest first',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    node: { type: 'string' },
                    actions: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          id: { type: 'integer' },
                          title: { type: 'string' },
                          node: { type: 'string' },
                          status: { type: 'string', enum: ['planned', 'in_progress', 'done', 'did_not_help'] },
                          outcome: { type: ['string', 'null'], enum: ['resolved', 'came_back', null] },
                          dueOn: { type: 'string', format: 'date' },
                          followUpOn: { type: 'string', format: 'date' },
                          doneAt: { type: ['string', 'null'], format: 'date-time' },
                          late: { type: 'boolean' },
                          followUpDue: { type: 'boolean' },
                          feedbackCount: { type: 'integer' },
                          resultSubject: { type: ['string', 'null'], description: "'nps' or a statement's key, when opened from a result" },
                          owner: { type: ['string', 'null'] },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/api/v1/visits': {
      post: {
        summary: 'Visit events from patient and client systems, for SMS surveys (scope visits:write)',
        description:
          'Each item stands alone: created (waits for its sending time), duplicate (the same source and eventId again), held (the unit is not known yet; kept and tried again after each organisation import), skipped with a reason (no_consent, non_disclosure, under_18, age_unknown, no_phone, too_late) or invalid with its errors. Up to 5 000 items per request.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['visits'],
                properties: {
                  visits: {
                    type: 'array',
                    maxItems: 5000,
                    items: {
                      type: 'object',
                      required: ['eventId', 'unit', 'visitAt', 'type', 'consent', 'nonDisclosure'],
                      properties: {
                        eventId: { type: 'string', maxLength: 200 },
                        source: { type: 'string', description: 'Optional name of the sending system; eventIds are unique within it' },
                        unit: { type: 'string', description: 'The unit code, e.g. its SOTE organisation register OID' },
                        visitAt: { type: 'string', format: 'date-time' },
                        type: { enum: ['visit', 'stay', 'first-contact'] },
                        callType: { enum: ['line', 'callback'] },
                        phone: { type: 'string' },
                        email: { type: 'string', format: 'email', description: 'Instead of phone: the invitation goes by e-mail as a one-time link' },
                        language: { type: 'string', description: 'fi or sv (any usual spelling) get their language, anything else English' },
                        age: { type: 'integer' },
                        consent: { type: 'boolean' },
                        nonDisclosure: { type: 'boolean', description: 'turvakielto: never asked' },
                        background: {
                          type: 'object',
                          additionalProperties: { type: 'string' },
                          description: 'Only listed background variables (e.g. journeyStage, segment) travel with the answer',
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        responses: { 200: { description: '{ results: [{ eventId, status, reason?, errors? }] } in the order sent' }, ...errors(400, 401, 403, 413) },
      },
    },
    '/api/v1/sms/inbound': {
      post: {
        summary: 'A reply from a phone, from the SMS gateway',
        description:
          'Authenticated by X-Kaiku-Signature: the hex HMAC-SHA256 of the exact body with KAIKU_SMS_WEBHOOK_SECRET (optionally prefixed sha256=). The same messageId twice is processed once. Answered only after the reply is stored: a gateway that gets no 200 should send it again.',
        security: [],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['messageId', 'from', 'text'],
                properties: {
                  messageId: { type: 'string' },
                  from: { type: 'string' },
                  text: { type: 'string' },
                  receivedAt: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
        responses: { 200: { description: '{ status: answered | retry | completed | stopped | expired | no_conversation | duplicate }' }, ...errors(400, 401) },
      },
    },
    '/api/v1/sms/delivery': {
      post: {
        summary: 'A delivery report from the SMS gateway (signed like /api/v1/sms/inbound)',
        security: [],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['id', 'status'],
                properties: {
                  id: { type: 'integer', description: "Kaiku's message id, sent to the gateway with the message" },
                  status: { enum: ['delivered', 'failed', 'pending'] },
                },
              },
            },
          },
        },
        responses: { 200: { description: '{ recorded: boolean }' }, ...errors(400, 401) },
      },
    },
    '/api/v1/sms/outbox': {
      get: {
        summary: 'With KAIKU_SMS_PROVIDER=outbox: the messages that would have been sent to a number (scope sms:read)',
        parameters: [
          { name: 'to', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 500 } },
        ],
        responses: { 200: { description: '{ messages: [{ id, kind, text, createdAt, status, delivery }] }, newest first' }, ...errors(400, 401, 403) },
      },
    },
    '/api/v1/results': {
      get: {
        summary: 'Survey results for a subtree and period, grouped (admins, managers and analysts of the node; scope results:read)',
        parameters: [
          { name: 'survey', in: 'query', schema: { type: 'string', default: 'thl-national' } },
          { name: 'version', in: 'query', schema: { type: 'integer' } },
          { name: 'node', in: 'query', schema: { type: 'string' }, description: 'A unit or any ancestor code; default the county' },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Inclusive' },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Inclusive' },
          { name: 'groupBy', in: 'query', schema: { type: 'string', examples: ['unit', 'child', 'month', 'channel', 'background.callType', 'none'] } },
          { name: 'channel', in: 'query', schema: { type: 'string' }, description: 'Comma-separated channels' },
          { name: 'background.NAME', in: 'query', schema: { type: 'string' }, description: 'Filter by a background variable, e.g. background.ageGroup=75%2B' },
        ],
        responses: {
          200: {
            description: 'Groups below the anonymity threshold have suppressed: true and no figures',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    threshold: { type: 'integer' },
                    groups: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          key: { type: 'string' },
                          label: { type: 'string' },
                          answers: { type: 'integer' },
                          suppressed: { type: 'boolean' },
                          nps: {
                            type: ['object', 'null'],
                            properties: {
                              value: { type: ['integer', 'null'], description: '% of 9–10 minus % of 0–6 of those who answered, rounded half away from zero' },
                              exact: { type: ['number', 'null'] },
                              promoters: { type: 'integer' },
                              passives: { type: 'integer' },
                              detractors: { type: 'integer' },
                              answered: { type: 'integer' },
                            },
                          },
                          questions: { type: ['object', 'null'], additionalProperties: { oneOf: [likertResult, yesNoResult] } },
                          quality: { type: 'object', description: 'Data-quality flags, e.g. nps_same_value' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  },
} as const;
