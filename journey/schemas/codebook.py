"""The codebook file (DESIGN.md section 6): the themes a team names, with keywords and examples.

```yaml
themes:
  - {name: Late flight, keywords: [late, delay, delayed], examples: ["still waiting at the gate"]}
  - {name: Billing, keywords: [bill, charge, invoice]}
```
"""

from typing import Annotated

from pydantic import ConfigDict, Field, field_validator

from journey.schemas.base import StrictModel

Text = Annotated[str, Field(min_length=1, max_length=500)]


class CodebookThemeFile(StrictModel):
    """A theme: its name, the words that mark it, and comments typical of it."""

    name: Annotated[str, Field(min_length=1, max_length=120)]
    keywords: Annotated[
        tuple[Text, ...], Field(description="Words or phrases that mark it (whole words, any case)")
    ] = ()
    examples: Annotated[
        tuple[Annotated[str, Field(min_length=1, max_length=4000)], ...],
        Field(description="Comments typical of the theme"),
    ] = ()


class CodebookFile(StrictModel):
    """The themes a team names for a journey's comments."""

    model_config = ConfigDict(title="Journey Lens codebook file")

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
