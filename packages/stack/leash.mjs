// Preloaded (`node --import .../leash.mjs`) into every child of the local stack: when the
// supervisor is gone (killed, even with SIGKILL) the child is re-parented, and then it stops
// itself with SIGTERM, so no part of the stack is ever left running on its own.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, "SIGTERM");
}, 500).unref();
