// decap-server (Decap CMS's local backend) with its own middlewares, listening on a Unix socket instead of a TCP port.
// `alumni-stories edit` starts it in a private folder and puts its lock (alumni_stories/cli/edit_lock.py) on the
// public port in front of it: no web page can reach this server itself, not even through DNS rebinding, which a
// loopback TCP port would allow (decap-server checks neither the Host header nor a token).
// Usage: node backend.js SOCKET; GIT_REPO_DIRECTORY names the project, ORIGIN the preview's origin (decap-server's
// own option for its CORS header), LOG_LEVEL its logging.
const express = require('express');
const { registerLocalFs } = require('decap-server/dist/middlewares');

const socket = process.argv[2];
if (!socket) {
  console.error('usage: node backend.js SOCKET');
  process.exit(2);
}
const app = express();
app.disable('x-powered-by');
registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || 'info' }).then(() => {
  const server = app.listen(socket, () => console.error(`decap-server listening on ${socket}, behind the lock`));
  server.on('error', error => {
    console.error(`decap-server could not listen on ${socket}: ${error.message}`);
    process.exit(1);
  });
});
