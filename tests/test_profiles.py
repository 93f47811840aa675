from pathlib import Path

import pytest

from pipelines import profiles
from pipelines.profiles import ProfileError


def test_every_builtin_profile_parses():
    names = set(profiles.builtin())
    assert {
        "canonical",
        "open311",
        "baltimore-311",
        "demo-cases",
        "demo-hotline",
        "demo-disputes",
        "demo-grids",
        "demo-departments",
    } <= names
    for path in profiles.builtin().values():
        assert profiles.parse(path).name == path.stem


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('name="x"\ntarget="cases"\nsource="s"\nformat="csv"\nencodng="gbk"\n[columns]\ncase_id="a"\nreported_at="b"\n', "encodng"),
        ('name="x"\ntarget="cases"\nsource="s"\nformat="csv"\n[columns]\ncase_id="a"\n', "columns.reported_at"),
        ('name="x"\ntarget="cases"\nsource="s"\nformat="csv"\n[columns]\ncase_id="a"\nreported_at="b"\nweather="c"\n', "columns.weather"),
        ('name="x"\ntarget="cases"\nsource="s"\nformat="xls"\n[columns]\ncase_id="a"\nreported_at="b"\n', "format"),
        (
            'name="x"\ntarget="cases"\nsource="s"\nformat="csv"\n[columns]\ncase_id="a"\nreported_at="b"\n[values.channel]\n"电话"="phone"\n',
            "values.channel",
        ),
    ],
)
def test_a_mistake_names_the_key(tmp_path: Path, body: str, key: str):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        profiles.parse(path)
    assert f"'{key}'" in str(err.value) and str(path) in str(err.value)


def test_unknown_profile_lists_the_builtins():
    with pytest.raises(ProfileError, match="canonical"):
        profiles.resolve("no-such-profile")
