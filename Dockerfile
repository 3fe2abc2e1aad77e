# Cogov's image: built in one stage, run in another without compilers, dev dependencies or root.
# No Docker engine runs where Cogov is developed: tests/containers.test.ts checks this file and compose.yaml,
# and starts the image's command against a test database; build and run it on your own machine.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ormconfig.ts ./
COPY src ./src
COPY clients/live-events.ts ./clients/
RUN npx tsc -p tsconfig.json && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The node image's unprivileged user; the embedded database (without DATABASE_URL) writes to /app/.cogov.
RUN mkdir /app/.cogov && chown node:node /app/.cogov
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1's command (no npm, no shell), so SIGTERM reaches it and it drains and stops cleanly.
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js", "start"]
