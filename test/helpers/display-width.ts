// Units render tables and help with any text; the command line loads the display-width tables before it
// shows them (src/cli/program.ts), and so does every unit test file here.
import { loadDisplayWidth } from '../../src/core/style.js';

await loadDisplayWidth();
