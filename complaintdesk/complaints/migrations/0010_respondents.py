"""Respondents (被投诉方): who a complaint is about, and the respondent a respondent's user acts
for."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0009_remedy_kinds'),
    ]

    operations = [
        migrations.CreateModel(
            name='Respondent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=80, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('merchant', 'Merchant or shop'), ('rider', 'Rider'), ('teacher', 'Teacher'), ('agent', 'Agent or broker'), ('course', 'Course'), ('franchisee', 'Franchisee'), ('other', 'Other')], max_length=20, verbose_name='kind')),
                ('contact_name', models.CharField(blank=True, max_length=100, verbose_name='contact person')),
                ('phone', models.CharField(blank=True, max_length=32, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('platform', models.CharField(blank=True, max_length=60, verbose_name='source platform')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('department', models.ForeignKey(blank=True, help_text='The team inside the business this respondent belongs to, if any.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='respondents', to='complaints.department', verbose_name='own department')),
            ],
            options={
                'verbose_name': 'respondent',
                'verbose_name_plural': 'respondents',
                'ordering': ['name', 'id'],
            },
        ),
        migrations.AddField(
            model_name='complaint',
            name='respondent',
            field=models.ForeignKey(blank=True, help_text='Who or what the complaint is about (被投诉方).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='complaints', to='complaints.respondent', verbose_name='respondent'),
        ),
        migrations.AddField(
            model_name='membership',
            name='respondent',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='complaints.respondent', verbose_name='respondent'),
        ),
        migrations.AddIndex(
            model_name='complaint',
            index=models.Index(fields=['respondent', 'status'], name='complaint_respondent_idx'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'respondent'), _negated=True), ('respondent__isnull', False), _connector='OR'), name='membership_respondent_role_has_respondent'),
        ),
        migrations.AddConstraint(
            model_name='respondent',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['merchant', 'rider', 'teacher', 'agent', 'course', 'franchisee', 'other'])), name='respondent_kind_valid'),
        ),
    ]
