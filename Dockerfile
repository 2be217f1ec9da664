# The swarmguard image: `docker build -t swarmguard/swarmguard:VERSION .`
# `swarmguard bench --all-nodes --image swarmguard/swarmguard:VERSION` runs it on every node of a swarm
# (push it to a registry the nodes can pull from, or load it on each node).
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
