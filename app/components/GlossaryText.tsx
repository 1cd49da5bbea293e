// Model text with glossary terms underlined; the definition shows on hover, focus or tap.
import { Tooltip } from "@mantine/core";
import { splitByTerms } from "../../shared/model/glossary";

export function GlossaryText({ text, glossary }: { text: string; glossary: Map<string, string> }) {
  const parts = splitByTerms(text, [...glossary.keys()]);
  return (
    <>
      {parts.map((part, i) =>
        part.term ? (
          <Tooltip
            key={i}
            label={glossary.get(part.term)}
            multiline
            w={320}
            withArrow
            events={{ hover: true, focus: true, touch: true }}
          >
            <span className="glossary-term" tabIndex={0} aria-label={`${part.text}: ${glossary.get(part.term)}`}>
              {part.text}
            </span>
          </Tooltip>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
