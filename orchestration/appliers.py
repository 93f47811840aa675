"""Every kind of warehouse change, registered by importing the module that applies it. The
warehouse replays journalled changes it missed and must find each kind's applier."""

import models.alerts  # noqa: F401 - registers "alerts"
import models.hot_issues  # noqa: F401 - registers "hot_issues"
import models.incidents  # noqa: F401 - registers "incidents"
import models.text  # noqa: F401 - registers "text_suggestions"
import pipelines.load  # noqa: F401 - registers "load"
import warehouse.assessment  # noqa: F401 - registers "assess"
import warehouse.upgrade  # noqa: F401 - registers "upgrade"
