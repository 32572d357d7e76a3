// Preloaded (node -r) into a server process by the benchmark, and only there: answers the parent's
// "cpu" message with the process's own CPU time, process.cpuUsage() (user + system, microseconds).
if (process.send) {
  process.on('message', (message) => {
    if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
  });
  // The IPC channel alone must not keep a server alive once it is asked to stop.
  process.channel?.unref();
}
