"""Production's ledger actions (`production.<entity>.<verb>`), each with its label for pages.

The third value onwards are the names these actions were written with before issue 10 (the services'
own strings and `core.services`' `<model>.create` defaults); entries hashed with them stay as they are and
still get a label. 附件1 records share one action per verb: the record's number is in the entry itself
(`after.number`, `object_repr` "#13 …"), not in the action name.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shouhu.core.events import Action

_RECORD_NUMBERS = range(1, 33)


class ProductionAction(Action):
    SUPPLIER_CREATE = "production.supplier.create", _("新增供应商"), "supplier.create"
    SUPPLIER_DOCUMENT_ADD = (
        "production.supplier_document.add",
        _("登记供应商文件"),
        "supplierdocument.create",
    )
    SUPPLIER_APPROVE = "production.supplier.approve", _("供应商审核通过"), "supplier.approve"
    SUPPLIER_SUSPEND = "production.supplier.suspend", _("暂停供应商"), "supplier.suspend"
    MATERIAL_CREATE = "production.material.create", _("新增物料"), "material.create"
    PRODUCT_CREATE = "production.product.create", _("新增产品"), "product.create"
    LOT_RECEIVE = "production.lot.receive", _("进货查验"), "lot.receive"
    LOT_CORRECT = "production.lot.correct", _("更正进货查验记录")
    NONCONFORMING_CREATE = "production.nonconforming.create", _("登记不合格品"), "nonconforming.create"
    NONCONFORMING_UPDATE = "production.nonconforming.update", _("不合格品处置"), "nonconforming.update"
    BATCH_CREATE = "production.batch.create", _("新建生产批次"), "batch.create"
    BATCH_CONSUME = "production.batch.consume", _("配料投料"), "batch.consume"
    BATCH_COMPLETE = "production.batch.complete", _("生产完成"), "batch.complete"
    BATCH_HOLD = "production.batch.hold", _("批次暂扣"), "batch.hold"
    BATCH_HOLD_CLEAR = "production.batch.hold_clear", _("解除暂扣"), "batch.hold_clear"
    BATCH_REJECT = "production.batch.reject", _("批次判定不合格"), "batch.reject"
    BATCH_RELEASE = "production.batch.release", _("批次放行"), "batch.release"
    CCP_RECORD = "production.ccp.record", _("关键控制点记录"), "ccprecord.create"
    CLEARANCE_RECORD = "production.clearance.record", _("清场记录"), "clearance.create"
    RELEASE_TEST_RECORD = "production.release_test.record", _("出厂检验记录"), "releasetest.create"
    RELEASE_TEST_CORRECT = "production.release_test.correct", _("更正出厂检验记录")
    CCP_CORRECT = "production.ccp.correct", _("更正关键控制点记录")
    CLEARANCE_CORRECT = "production.clearance.correct", _("更正清场记录")
    RELEASED_BATCH_FLAG = "production.batch.flag", _("已放行批次检验更正为不合格")
    RETENTION_SAMPLE_RECORD = (
        "production.retention_sample.record",
        _("产品留样"),
        "retentionsample.create",
    )
    CUSTOMER_CREATE = "production.customer.create", _("新增购货者"), "customer.create"
    SHIPMENT_CREATE = "production.shipment.create", _("销售出库"), "shipment.create"
    RETURN_CREATE = "production.return.create", _("退货处置"), "return.create"
    RECORD_CREATE = (
        "production.record.create",
        _("新增附件1记录"),
        *(f"record{n:02d}.create" for n in _RECORD_NUMBERS),
    )
    RECORD_CORRECT = (
        "production.record.correct",
        _("更正附件1记录"),
        *(f"record{n:02d}.correct" for n in _RECORD_NUMBERS),
    )
