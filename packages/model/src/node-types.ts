import type { CircuitNode, NodeConfig } from './circuit.js';
import { booleanField, type ConfigFields, enumField, numberField, stringField } from './config-fields.js';

export const NODE_TYPES = [
  'synthetic-source',
  'file-source',
  'rtsp-source',
  'module',
  'memory-buffer',
  'kafka-queue',
  'redis-list-queue',
  'rabbitmq-queue',
  'mqtt-queue',
  'nats-queue',
  'redis-sink',
  'mongodb-sink',
  'postgres-sink',
  'http-sink',
  'graphite-sink',
  'file-sink',
  'rtsp-sink',
  'null-sink',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export type NodeRole = 'source' | 'processing' | 'queue' | 'sink';

/** Transport a node uses towards the system behind it. ZeroMQ links between nodes are described by edges. */
export type Transport = 'none' | 'ipc' | 'tcp' | 'udp' | 'file';

/** Payload encoding a source emits. Keyframe codecs corrupt every frame up to the next keyframe when one message is lost. */
export type Codec = 'raw' | 'jpeg' | 'h264';

/** The properties of a node that the analysis reads. */
export interface NodeTraits {
  role: NodeRole;
  /** Runs at wall-clock pace and cannot wait: a live source, or a live sink. */
  live: boolean;
  transport: Transport;
  /** Responds in a short, predictable time, so it may sit on a real-time path. */
  realtimeCapable: boolean;
  /** Takes long to come back after a failure (rebalances, failover). */
  slowRecovery: boolean;
  /** Keeps messages across a restart. */
  persistent: boolean;
  /** Talks to a system outside the studio, so every operation needs a hard timeout. */
  outsideSystem: boolean;
  /** Edges into and out of it use the broker's own client, pattern `broker`. */
  broker: boolean;
  /** Carries metrics or telemetry rather than frames. */
  telemetry: boolean;
  /** Offers UDP as a transport option. */
  udpOffered: boolean;
  /** Typical time one operation takes, in milliseconds. */
  expectedLatencyMs: number;
  /** Payload encoding of a source; undefined for other roles. */
  codec?: Codec;
}

/** One entry of the node-type catalog. */
export interface NodeTypeSpec {
  type: NodeType;
  label: string;
  description: string;
  role: NodeRole;
  /**
   * Whether the runtime can start this type. The others can be drawn, analysed and exported, and a
   * deploy that contains one is rejected with the node named.
   */
  runnable: boolean;
  config: ConfigFields;
  /** Computes the analysis properties from the node's config, with defaults already applied. */
  traits(config: NodeConfig): NodeTraits;
}

const TIMEOUT = numberField('Timeout', 'Hard timeout for each operation against the outside system', {
  min: 1,
  max: 600_000,
  integer: true,
  unit: 'ms',
  optional: true,
});
const CAPACITY = numberField('Capacity', 'Maximum messages held; 0 means unbounded', {
  min: 0,
  max: 10_000_000,
  default: 0,
  integer: true,
  unit: 'messages',
});
const LATENCY_BUDGET = numberField('Latency budget', 'Worst-case delay allowed from capture to this sink', {
  min: 1,
  max: 600_000,
  default: 500,
  integer: true,
  unit: 'ms',
});
const CODEC = (defaultCodec: Codec) =>
  enumField('Codec', 'Payload encoding of each frame', ['raw', 'jpeg', 'h264'], defaultCodec);
const NAME = /^[A-Za-z0-9._:\-/]+$/;
const NAME_HINT = 'letters, digits and . _ : - /';

const base: Omit<NodeTraits, 'role'> = {
  live: false,
  transport: 'none',
  realtimeCapable: true,
  slowRecovery: false,
  persistent: false,
  outsideSystem: false,
  broker: false,
  telemetry: false,
  udpOffered: false,
  expectedLatencyMs: 0,
};

function brokerQueue(
  type: NodeType,
  label: string,
  description: string,
  config: ConfigFields,
  traits: Partial<NodeTraits>,
): NodeTypeSpec {
  return {
    type,
    label,
    description,
    role: 'queue',
    runnable: false,
    config: { ...config, capacity: CAPACITY, timeoutMs: TIMEOUT },
    traits: () => ({ ...base, role: 'queue', transport: 'tcp', outsideSystem: true, broker: true, ...traits }),
  };
}

function outsideSink(
  type: NodeType,
  label: string,
  description: string,
  config: ConfigFields,
  traits: Partial<NodeTraits>,
): NodeTypeSpec {
  return {
    type,
    label,
    description,
    role: 'sink',
    runnable: false,
    config: { ...config, timeoutMs: TIMEOUT },
    traits: () => ({ ...base, role: 'sink', transport: 'tcp', outsideSystem: true, ...traits }),
  };
}

const SPECS: readonly NodeTypeSpec[] = [
  {
    type: 'synthetic-source',
    label: 'Synthetic source',
    description: 'Test-pattern frames at a set rate',
    role: 'source',
    runnable: true,
    config: {
      fps: numberField('Frame rate', 'Frames per second; 0 is as fast as the circuit takes them (not live)', {
        min: 0,
        max: 1000,
        default: 30,
        unit: 'fps',
      }),
      width: numberField('Width', 'Frame width', { min: 1, max: 8192, default: 640, integer: true, unit: 'px' }),
      height: numberField('Height', 'Frame height', { min: 1, max: 8192, default: 480, integer: true, unit: 'px' }),
      payloadBytes: numberField('Payload size', 'Bytes of payload in each frame', {
        min: 0,
        max: 16 * 1024 * 1024,
        default: 1024,
        integer: true,
        unit: 'bytes',
      }),
      frames: numberField('Frames', 'Frames to emit before end-of-stream; 0 runs until stopped', {
        min: 0,
        max: 1_000_000_000,
        default: 0,
        integer: true,
      }),
      live: booleanField('Live', 'Emit at wall-clock pace and drop rather than wait', false),
      codec: CODEC('raw'),
    },
    traits: (config) => ({ ...base, role: 'source', live: config.live === true, codec: config.codec as Codec }),
  },
  {
    type: 'file-source',
    label: 'File source',
    description: 'A video file decoded by ffmpeg into JPEG frames, or a folder of images',
    role: 'source',
    runnable: true,
    config: {
      path: stringField('Path', 'Video file or image folder, relative to the data folder', {
        default: 'samples/vtest.avi',
        maxLength: 500,
      }),
      fps: numberField('Frame rate', 'Maximum frames per second; 0 is as fast as the circuit takes them', {
        min: 0,
        max: 1000,
        default: 0,
        unit: 'fps',
      }),
      loop: booleanField('Loop', 'Start again at the end instead of ending the stream', false),
    },
    traits: () => ({ ...base, role: 'source', transport: 'file', codec: 'jpeg' }),
  },
  {
    type: 'rtsp-source',
    label: 'RTSP source',
    description: 'A live camera stream read by ffmpeg',
    role: 'source',
    runnable: true,
    config: {
      url: stringField('URL', 'rtsp:// address of the camera', {
        default: 'rtsp://127.0.0.1:8554/camera',
        pattern: /^rtsp:\/\/\S+$/,
        patternHint: 'an rtsp:// URL',
        format: 'url',
      }),
      fps: numberField('Frame rate', 'Expected camera frame rate', { min: 0.1, max: 240, default: 25, unit: 'fps' }),
      codec: CODEC('h264'),
      transport: enumField(
        'RTSP transport',
        'How the camera sends RTP packets: inside the RTSP TCP connection, or over UDP',
        ['tcp', 'udp'],
        'tcp',
      ),
      timeoutMs: TIMEOUT,
    },
    traits: (config) => ({
      ...base,
      role: 'source',
      live: true,
      transport: config.transport === 'udp' ? 'udp' : 'tcp',
      outsideSystem: true,
      udpOffered: true,
      codec: config.codec as Codec,
    }),
  },
  {
    type: 'module',
    label: 'Module',
    description: 'A processing stage such as a detector or a tracker',
    role: 'processing',
    runnable: true,
    config: {
      processingMs: numberField('Processing time', 'Mean time to process one frame', {
        min: 0,
        max: 60_000,
        default: 10,
        unit: 'ms',
      }),
      jitterMs: numberField('Jitter', 'Random spread added to the processing time', {
        min: 0,
        max: 60_000,
        default: 0,
        unit: 'ms',
      }),
      replicas: numberField('Replicas', 'Processes sharing the input', {
        min: 1,
        max: 16,
        default: 1,
        integer: true,
      }),
      failRate: numberField('Failure rate', 'Fraction of frames that fail processing', {
        min: 0,
        max: 1,
        default: 0,
      }),
    },
    traits: (config) => ({ ...base, role: 'processing', expectedLatencyMs: Number(config.processingMs) || 0 }),
  },
  {
    type: 'memory-buffer',
    label: 'Memory buffer',
    description: 'A bounded in-process buffer',
    role: 'queue',
    runnable: true,
    config: {
      capacity: numberField('Capacity', 'Frames held before overflow applies', {
        min: 1,
        max: 1_000_000,
        default: 100,
        integer: true,
        unit: 'frames',
      }),
      overflow: enumField(
        'On overflow',
        'What a full buffer does with a new frame',
        ['drop-oldest', 'drop-newest', 'block'],
        'drop-oldest',
      ),
    },
    traits: () => ({ ...base, role: 'queue' }),
  },
  brokerQueue(
    'kafka-queue',
    'Kafka queue',
    'A persistent Kafka topic (kafkajs)',
    {
      brokers: stringField('Brokers', 'Comma-separated host:port list', { default: '127.0.0.1:9092' }),
      topic: stringField('Topic', 'Kafka topic', { default: 'frames', pattern: NAME, patternHint: NAME_HINT }),
    },
    { persistent: true, slowRecovery: true, realtimeCapable: false, expectedLatencyMs: 20 },
  ),
  brokerQueue(
    'redis-list-queue',
    'Redis list queue',
    'A low-latency Redis list (LPUSH/BRPOP)',
    {
      url: stringField('URL', 'Redis address', { default: 'redis://127.0.0.1:6379' }),
      key: stringField('Key', 'List key', { default: 'frames', pattern: NAME, patternHint: NAME_HINT }),
    },
    { expectedLatencyMs: 1 },
  ),
  brokerQueue(
    'rabbitmq-queue',
    'RabbitMQ queue',
    'A RabbitMQ queue (amqplib)',
    {
      url: stringField('URL', 'AMQP address', { default: 'amqp://guest:guest@127.0.0.1:5672' }),
      queue: stringField('Queue', 'Queue name', { default: 'frames', pattern: NAME, patternHint: NAME_HINT }),
    },
    { persistent: true, expectedLatencyMs: 2 },
  ),
  brokerQueue(
    'mqtt-queue',
    'MQTT queue',
    'An MQTT topic',
    {
      url: stringField('URL', 'MQTT address', { default: 'mqtt://127.0.0.1:1883' }),
      topic: stringField('Topic', 'MQTT topic', { default: 'frames', pattern: NAME, patternHint: NAME_HINT }),
      qos: numberField('QoS', 'MQTT quality of service level', { min: 0, max: 2, default: 1, integer: true }),
    },
    { expectedLatencyMs: 2 },
  ),
  {
    ...brokerQueue(
      'nats-queue',
      'NATS queue',
      'A NATS subject, with JetStream for persistence',
      {
        url: stringField('URL', 'NATS address', { default: 'nats://127.0.0.1:4222' }),
        subject: stringField('Subject', 'NATS subject', { default: 'frames', pattern: NAME, patternHint: NAME_HINT }),
        jetstream: booleanField('JetStream', 'Persist messages in a JetStream stream', false),
      },
      { expectedLatencyMs: 1 },
    ),
    traits: (config) => ({
      ...base,
      role: 'queue',
      transport: 'tcp',
      outsideSystem: true,
      broker: true,
      persistent: config.jetstream === true,
      expectedLatencyMs: 1,
    }),
  },
  outsideSink(
    'redis-sink',
    'Redis sink',
    'Writes metadata to Redis or KeyDB',
    {
      url: stringField('URL', 'Redis address', { default: 'redis://127.0.0.1:6379' }),
      key: stringField('Key', 'Stream or list key', { default: 'results', pattern: NAME, patternHint: NAME_HINT }),
    },
    { expectedLatencyMs: 1 },
  ),
  outsideSink(
    'mongodb-sink',
    'MongoDB sink',
    'Stores metadata in MongoDB',
    {
      url: stringField('URL', 'MongoDB address with database', { default: 'mongodb://127.0.0.1:27017/vision' }),
      collection: stringField('Collection', 'Collection name', {
        default: 'frames',
        pattern: NAME,
        patternHint: NAME_HINT,
      }),
    },
    { realtimeCapable: false, slowRecovery: true, persistent: true, expectedLatencyMs: 20 },
  ),
  outsideSink(
    'postgres-sink',
    'PostgreSQL sink',
    'Stores metadata in PostgreSQL',
    {
      url: stringField('URL', 'PostgreSQL address', { default: 'postgres://127.0.0.1:5432/test' }),
      table: stringField('Table', 'Table name', {
        default: 'frames',
        pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
        patternHint: 'letters, digits and _',
      }),
    },
    { realtimeCapable: false, persistent: true, expectedLatencyMs: 10 },
  ),
  outsideSink(
    'http-sink',
    'HTTP sink',
    'Posts metadata to a webhook',
    {
      url: stringField('URL', 'Webhook address', {
        default: 'http://127.0.0.1:8080/frames',
        pattern: /^https?:\/\/\S+$/,
        patternHint: 'an http:// or https:// URL',
      }),
    },
    { realtimeCapable: false, expectedLatencyMs: 50 },
  ),
  {
    type: 'graphite-sink',
    label: 'Graphite sink',
    description: 'Sends metrics to Graphite',
    role: 'sink',
    runnable: false,
    config: {
      host: stringField('Host', 'Graphite host', { default: '127.0.0.1' }),
      port: numberField('Port', 'Graphite plaintext port', { min: 1, max: 65535, default: 2003, integer: true }),
      protocol: enumField('Protocol', 'UDP never waits; TCP can block a slow path', ['udp', 'tcp'], 'udp'),
      timeoutMs: TIMEOUT,
    },
    traits: (config) => ({
      ...base,
      role: 'sink',
      transport: config.protocol === 'tcp' ? 'tcp' : 'udp',
      outsideSystem: true,
      telemetry: true,
      udpOffered: true,
      expectedLatencyMs: 1,
    }),
  },
  {
    type: 'file-sink',
    label: 'File sink',
    description: 'Writes metadata as JSON lines, optionally the frames too',
    role: 'sink',
    runnable: true,
    config: {
      path: stringField('Path', 'Output file under out/ in the data folder', {
        default: 'out/frames.jsonl',
        maxLength: 500,
      }),
      writeFrames: booleanField('Write frames', 'Also write each payload next to the JSON lines', false),
    },
    traits: () => ({ ...base, role: 'sink', transport: 'file', expectedLatencyMs: 0.1 }),
  },
  {
    type: 'rtsp-sink',
    label: 'RTSP sink',
    description: 'Publishes frames to an RTSP server via ffmpeg',
    role: 'sink',
    runnable: false,
    config: {
      url: stringField('URL', 'rtsp:// address to publish to', {
        default: 'rtsp://127.0.0.1:8554/out',
        pattern: /^rtsp:\/\/\S+$/,
        patternHint: 'an rtsp:// URL',
        format: 'url',
      }),
      latencyBudgetMs: LATENCY_BUDGET,
      timeoutMs: TIMEOUT,
    },
    traits: () => ({ ...base, role: 'sink', live: true, transport: 'tcp', outsideSystem: true, expectedLatencyMs: 5 }),
  },
  {
    type: 'null-sink',
    label: 'Null sink',
    description: 'Discards frames and counts them',
    role: 'sink',
    runnable: true,
    config: {},
    traits: () => ({ ...base, role: 'sink' }),
  },
];

const CATALOG = new Map<string, NodeTypeSpec>(SPECS.map((spec) => [spec.type, spec]));

/** Returns every node type, in palette order. */
export function listNodeTypes(): readonly NodeTypeSpec[] {
  return SPECS;
}

/** Returns the catalog entry of a type, or undefined for a type this build does not know. */
export function getNodeType(type: string): NodeTypeSpec | undefined {
  return CATALOG.get(type);
}

export function isNodeType(type: string): type is NodeType {
  return CATALOG.has(type);
}

/** Returns the node's config with defaults filled in for every missing key that has one. */
export function resolveConfig(node: Pick<CircuitNode, 'type' | 'config'>): NodeConfig {
  const spec = CATALOG.get(node.type);
  if (!spec) {
    return { ...node.config };
  }
  const resolved: NodeConfig = {};
  for (const [key, field] of Object.entries(spec.config)) {
    if (field.default !== undefined) {
      resolved[key] = field.default;
    }
  }
  return { ...resolved, ...node.config };
}

/** Returns the analysis properties of a node, or undefined for an unknown type. */
export function nodeTraits(node: Pick<CircuitNode, 'type' | 'config'>): NodeTraits | undefined {
  const spec = CATALOG.get(node.type);
  return spec?.traits(resolveConfig(node));
}
