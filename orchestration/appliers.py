"""Every kind of warehouse change, registered by importing the module that applies it. The
warehouse replays journalled changes it missed and must find each kind's applier."""

import models.alerts
import pipelines.load
import warehouse.assessment
import warehouse.upgrade

MODULES = (pipelines.load, warehouse.assessment, models.alerts, warehouse.upgrade)
