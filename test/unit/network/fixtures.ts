// Shared facts for the network check tests: recorded files from real hosts and a three-node cluster.
import { readFileSync } from 'node:fs';
import type { ClusterNode } from '../../../src/network/node-facts.js';

export const fx = (name: string): string => readFileSync(`test/fixtures/network/${name}`, 'utf8');

export const n1: ClusterNode = { id: 'n1', hostname: 'node1', addr: '192.168.56.11', role: 'manager' };
export const n2: ClusterNode = { id: 'n2', hostname: 'node2', addr: '192.168.56.12', role: 'worker' };
export const n3: ClusterNode = { id: 'n3', hostname: 'node3', addr: '192.168.56.13', role: 'worker' };
