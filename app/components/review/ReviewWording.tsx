// An item's wording in the reviewer's language, with the model's own wording a click away ("Show original
// wording"); items the consultation has no translation of show the source wording only.
import { Button, List, Text } from "@mantine/core";
import { useState } from "react";
import type { Item } from "./status";

export function ReviewWording({ item, sourceLanguage }: { item: Item; sourceLanguage: string }) {
  const [original, setOriginal] = useState(false);
  const translated = item.language !== sourceLanguage;
  const wording = original ? item.sourceWording : item.wording;
  const lang = original ? sourceLanguage : item.language;
  return (
    <>
      {Array.isArray(wording) ? (
        <List type="ordered" size="sm" spacing={4} aria-label={`Levels of ${item.key.split("/")[0]}`} lang={lang}>
          {wording.map((l, i) => (
            <List.Item key={i}>{l}</List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" lang={lang}>
          {wording}
        </Text>
      )}
      {translated && (
        <Button
          size="compact-xs"
          variant="subtle"
          w="fit-content"
          aria-pressed={original}
          onClick={() => setOriginal((o) => !o)}
        >
          {original
            ? `Show the ${item.language.toUpperCase()} wording`
            : `Show original wording (${sourceLanguage.toUpperCase()})`}
        </Button>
      )}
    </>
  );
}
