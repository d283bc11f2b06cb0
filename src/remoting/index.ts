// The remoting layer: frames, connections, the client pool and the server (framing.md).
export * from './command.js';
export * from './codec.js';
export * from './errors.js';
export * from './connection.js';
export * from './client.js';
export * from './server.js';
