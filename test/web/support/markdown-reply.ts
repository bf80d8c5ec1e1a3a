import { tokensOf } from './scripted-provider.ts';

const sections = [
  (n: number) =>
    `## Step ${n}: set up the project\n\nFirst, create a folder and install the **dependencies**. This keeps the example small and lets you run it with \`npm start\` straight away.\n\n`,
  (n: number) =>
    `- Install Node.js 20 or newer\n- Run \`npm init -y\` in an empty folder\n- Add the packages you need, one at a time\n- Commit after each working step (${n})\n\n`,
  (n: number) =>
    `\`\`\`ts\nimport { createServer } from 'node:http';\n\nconst server = createServer((request, response) => {\n  response.writeHead(200, { 'content-type': 'text/plain' });\n  response.end('step ${n}: hello <world> & friends');\n});\n\nserver.listen(3000, () => console.log('listening'));\n\`\`\`\n\n`,
  (n: number) =>
    `Then check the result:\n\n1. Open http://localhost:3000 in a browser\n2. Look for the greeting of step ${n}\n3. Stop the server with *Ctrl-C*\n\n> A tip: keep each step small, so that a failing one is easy to find.\n\n`,
  (n: number) => `| option | default | meaning |\n| --- | --- | --- |\n| port | 3000 | where it listens (${n}) |\n| host | 127.0.0.1 | which address |\n\n`,
];

/**
 * A realistic Markdown reply of about `tokens` tokens (as the scripted provider splits text): headings,
 * paragraphs with inline code, bullet and numbered lists, fenced code, a quote and a table, repeated.
 */
export function markdownReply(tokens: number): string {
  let text = '';
  for (let i = 0; tokensOf(text).length < tokens; i++) text += sections[i % sections.length]!(Math.floor(i / sections.length) + 1);
  return tokensOf(text).slice(0, tokens).join('').trimEnd() + '\n';
}
