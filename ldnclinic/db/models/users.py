"""Users, their roles, and what sign-in needs (hash, lock-out counters)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ldnclinic.db.base import Base, IntPK, UTCDateTime, UTCStamp, utc_now
from ldnclinic.domain import field_limits as limits


class User(Base):
    __tablename__ = "users"

    id: Mapped[IntPK]
    username: Mapped[str] = mapped_column(String(limits.SIGN_IN_USER_NAME.chars), unique=True)
    first_name: Mapped[str] = mapped_column(String(limits.PERSON_NAME.chars))
    last_name: Mapped[str] = mapped_column(String(limits.PERSON_NAME.chars))
    credentials: Mapped[str | None] = mapped_column(String(20))
    npi: Mapped[str | None] = mapped_column(String(limits.NPI.chars))
    texas_license: Mapped[str | None] = mapped_column(String(limits.TEXAS_LICENSE.chars))
    supervising_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[UTCStamp] = mapped_column(default=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    supervising: Mapped[User | None] = relationship(remote_side="User.id", lazy="joined")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")
