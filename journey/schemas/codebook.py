"""The codebook file (DESIGN.md section 6): the themes a team names, with keywords and examples.

```yaml
themes:
  - {name: Late flight, keywords: [late, delay, delayed], examples: ["still waiting at the gate"]}
  - {name: Billing, keywords: [bill, charge, invoice]}
```
"""

from typing import Annotated

from pydantic import Field, field_validator

from journey.schemas.base import StrictModel

Text = Annotated[str, Field(min_length=1, max_length=500)]


class CodebookThemeFile(StrictModel):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    keywords: tuple[Text, ...] = ()
    examples: tuple[Annotated[str, Field(min_length=1, max_length=4000)], ...] = ()


class CodebookFile(StrictModel):
    themes: tuple[CodebookThemeFile, ...] = ()

    @field_validator("themes")
    @classmethod
    def names_are_unique(
        cls, themes: tuple[CodebookThemeFile, ...]
    ) -> tuple[CodebookThemeFile, ...]:
        seen: dict[str, str] = {}
        for theme in themes:
            twin = seen.get(theme.name.lower())
            if twin is not None:
                raise ValueError(
                    f"theme {theme.name!r} is named twice ({twin!r}): names are unique, "
                    "ignoring case"
                )
            seen[theme.name.lower()] = theme.name
        return themes
