# The swarmguard image: `docker build -t swarmguard/swarmguard:VERSION .`
# `swarmguard bench --all-nodes --image REGISTRY/swarmguard@sha256:DIGEST` runs it on every node of a swarm,
# always pinned by content: push it to a registry the nodes pull from and pass the digest `docker push` prints,
# or load it on each node and pass the tag, which the manager pins to the image ID (sha256:…) it has.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
COPY --from=build /src/package.json /opt/swarmguard/package.json
COPY --from=build /src/bin /opt/swarmguard/bin
COPY --from=build /src/dist /opt/swarmguard/dist
COPY --from=build /src/node_modules /opt/swarmguard/node_modules
ENTRYPOINT ["node", "/opt/swarmguard/bin/swarmguard.js"]
CMD ["--help"]
