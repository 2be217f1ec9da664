# The swarmguard image: `docker build -t swarmguard/swarmguard:VERSION .`
# `swarmguard bench --all-nodes --image REGISTRY/swarmguard@sha256:DIGEST` runs it on every node of a swarm,
# always pinned by content: push it to a registry the nodes pull from and pass the digest `docker push` prints,
# or load it on each node and pass the tag, which the manager pins to the image ID (sha256:…) it has.
# Node 24 opens SQLite with its built-in node:sqlite: the optional better-sqlite3 addon (for Node 20) is left out,
# so nothing is compiled.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --omit=optional
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
COPY scripts/bundle.mjs ./scripts/bundle.mjs
RUN npm run build && npm prune --omit=dev --omit=optional

FROM node:24-bookworm-slim
COPY --from=build /src/package.json /opt/swarmguard/package.json
COPY --from=build /src/bin /opt/swarmguard/bin
COPY --from=build /src/dist /opt/swarmguard/dist
COPY --from=build /src/node_modules /opt/swarmguard/node_modules
ENTRYPOINT ["node", "/opt/swarmguard/bin/swarmguard.js"]
CMD ["--help"]
