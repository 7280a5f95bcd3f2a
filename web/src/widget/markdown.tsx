import type { JSX } from 'preact';

/**
 * An article's Markdown as plain blocks: paragraphs, bulleted and numbered lists, headings, with
 * **bold** kept. Text only (no HTML is ever interpreted), so an article cannot inject markup.
 */
export function ArticleBody({ markdown }: { markdown: string }): JSX.Element {
  const blocks = markdown.replace(/\r\n/g, '\n').split(/\n{2,}/);
  return (
    <div class="sw-article-body">
      {blocks.map((block, index) => {
        const lines = block.split('\n').filter((line) => line.trim() !== '');
        if (lines.every((line) => /^\s*[-*]\s+/.test(line)))
          return (
            <ul key={index}>
              {lines.map((line, i) => (
                <li key={i}>{inline(line.replace(/^\s*[-*]\s+/, ''))}</li>
              ))}
            </ul>
          );
        if (lines.every((line) => /^\s*\d+[.)]\s+/.test(line)))
          return (
            <ol key={index}>
              {lines.map((line, i) => (
                <li key={i}>{inline(line.replace(/^\s*\d+[.)]\s+/, ''))}</li>
              ))}
            </ol>
          );
        const heading = /^#{1,6}\s+(.*)$/.exec(lines[0] ?? '');
        if (heading && lines.length === 1) return <h4 key={index}>{inline(heading[1] ?? '')}</h4>;
        return <p key={index}>{inline(lines.join(' '))}</p>;
      })}
    </div>
  );
}

function inline(text: string): (string | JSX.Element)[] {
  return text.split(/(\*\*[^*]+\*\*)/g).map((part, i) => (part.startsWith('**') && part.endsWith('**') ? <strong key={i}>{part.slice(2, -2)}</strong> : part));
}
