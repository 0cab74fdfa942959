// lanes-worker.js: the bootstrap of one lane worker. The pool (pool.js)
// compiles lanes.wasm once on the page and posts the WebAssembly.Module here
// first: {init: true, module}. This script instantiates it with Go's
// wasm_exec.js and then relays every further message to the Go program as a
// JSON string, and every reply back with postMessage, transferring the frame
// batch's (or layer part's) ArrayBuffer instead of copying it. The protocol
// is core/wire.
'use strict';

importScripts('wasm_exec.js');

const queued = [];
let handle = null;
let memory = null;

// The yield channel: Go asks to be called back once the messages already
// queued (a cancel, more credit) have been delivered. A MessagePort task
// runs in order with them, without setTimeout's clamping.
const channel = new MessageChannel();
const resumes = [];
channel.port1.onmessage = () => resumes.shift()();

self.depthraceLanes = {
  reply(json, bytes) {
    const msg = JSON.parse(json);
    if (msg.kind !== 'frames') msg.wasmMemoryBytes = memory.buffer.byteLength;
    if (bytes) {
      msg.data = bytes.buffer;
      self.postMessage(msg, [msg.data]);
    } else {
      self.postMessage(msg);
    }
  },
  yield(resume) {
    resumes.push(resume);
    channel.port2.postMessage(0);
  },
  raise(message) {
    setTimeout(() => { throw new Error(message); });
  },
};

// deliver hands a message to Go: its JSON, and a split lane's layer parts
// (msg.data, a transferred ArrayBuffer) as bytes beside it.
function deliver(msg) {
  if (msg.data instanceof ArrayBuffer) {
    const rest = Object.assign({}, msg);
    delete rest.data;
    handle(JSON.stringify(rest), new Uint8Array(msg.data));
  } else {
    handle(JSON.stringify(msg));
  }
}

async function start(module) {
  const go = new Go();
  const instance = await WebAssembly.instantiate(module, go.importObject);
  memory = instance.exports.mem;
  const exited = go.run(instance); // runs main until it waits for messages
  handle = self.depthraceLanes.handle;
  exited.then(() => {
    self.postMessage({ v: 1, kind: 'exit', error: 'the worker\'s Go program ended' });
    self.close();
  });
  for (const msg of queued.splice(0)) deliver(msg);
}

self.onmessage = (e) => {
  const msg = e.data;
  if (msg && msg.init) {
    start(msg.module).catch((err) => {
      self.postMessage({ v: 1, kind: 'exit', error: 'lanes.wasm did not start: ' + err });
      self.close();
    });
  } else if (handle) {
    deliver(msg);
  } else {
    queued.push(msg);
  }
};
